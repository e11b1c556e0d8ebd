import { PROVIDER_OPTIONS } from './options.js';

/** Core options whose flag is not simply their name in kebab case. */
const RENAMED: Readonly<Record<string, string>> = {
  tokenEndpointAuth: '--auth-method',
  scopes: '--scope',
  authorizationUrl: '--authorization-url',
};

const camelCase = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Each core option that a provider flag sets, by its name in core, with the flag that sets it. */
const FLAGS: ReadonlyMap<string, string> = new Map([
  ...Object.keys(PROVIDER_OPTIONS).map((flag) => [camelCase(flag), `--${flag}`] as const),
  ...Object.entries(RENAMED),
]);

/**
 * A configuration error of core in the CLI's own words: the options it names (`` `baseUrl` ``, "set
 * allowInsecureHttp: true") become the flags that set them (`` `--base-url` ``, "pass --allow-insecure-http").
 * Core names an option in backquotes, or in an advice as `set <option>: true`.
 */
export function inFlagWords(message: string): string {
  return message
    .replace(/`([a-zA-Z]+)`/g, (whole, name: string) => {
      const flag = FLAGS.get(name);
      return flag ? `\`${flag}\`` : whole;
    })
    .replace(/\bset ([a-zA-Z]+): true\b/g, (whole, name: string) => {
      const flag = FLAGS.get(name);
      return flag ? `pass ${flag}` : whole;
    });
}
