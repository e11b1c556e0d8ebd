import { IlsAuthError } from '../../errors/ils-auth-error.js';

/** Per sign-in: scopes instead of the provider's, and extra authorization parameters (`prompt`, …). */
export interface AuthorizationExtras {
  scopes?: readonly string[];
  params?: Readonly<Record<string, string>>;
}

// The parameters the flow's security rests on are core's to write, whatever an app passes along.
const PROTOCOL_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);
// RFC 6749 §3.3: a scope token is one or more of %x21 / %x23-5B / %x5D-7E.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const MAX_VALUE_LENGTH = 512;

/**
 * Checks what a caller adds to one authorization request, as the provider settings are checked once:
 * `config_invalid` naming the offending entry (never its value) for a scope that is no RFC 6749 token, a
 * parameter that is not a string or carries control characters, or one of the protocol's own parameters
 * (state, PKCE, redirect URI…), which stay core's.
 */
export function checkAuthorizationExtras(owner: string, extras: AuthorizationExtras): AuthorizationExtras {
  const { scopes, params } = extras;
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) ||
      scopes.length > 64 ||
      scopes.some((scope) => typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)))
  )
    throw refused(
      owner,
      'scopes',
      'must be a list of scope tokens (RFC 6749 §3.3: printable, no space, no quote or backslash)',
    );
  if (params !== undefined) {
    if (params === null || typeof params !== 'object' || Array.isArray(params))
      throw refused(owner, 'params', 'must be an object of strings');
    for (const [name, value] of Object.entries(params)) {
      const label = `params.${name.slice(0, 40)}`;
      if (PROTOCOL_PARAMS.has(name.toLowerCase()))
        throw refused(owner, label, 'is set by ils-auth itself and cannot be overridden');
      if (
        typeof value !== 'string' ||
        value.length > MAX_VALUE_LENGTH ||
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
        /[\u0000-\u001f\u007f]/.test(`${name}${value}`)
      )
        throw refused(
          owner,
          label,
          `must be a string of at most ${MAX_VALUE_LENGTH} characters without control characters`,
        );
    }
  }
  return {
    ...(scopes === undefined ? {} : { scopes: [...scopes] }),
    ...(params === undefined ? {} : { params: { ...params } }),
  };
}

function refused(owner: string, option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `${owner}: the sign-in's ${option} ${problem}`, {
    retryable: false,
  });
}
