import { readFileSync } from 'node:fs';

/** What tsup and vitest write into the code: the version `ils-auth --version` prints. */
export function buildConstants(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return { __ILS_AUTH_CLI_VERSION__: JSON.stringify(manifest.version) };
}
