import { isIlsAuthError, type ProviderDescriptor, TokenSet } from '@ils-auth/core';
import {
  clientCredentialsGrant,
  discoverProvider,
  exchangeAuthorizationCode,
  type GrantContext,
  type GrantType,
  passwordGrant,
  refreshTokenGrant,
} from '@ils-auth/core/extend';
import {
  APP_AUTH_OPTIONS,
  APP_AUTH_OPTIONS_HELP,
  appAuthClient,
  buildAppAuthProvider,
  describeAppCredential,
  isAppAuthSystem,
} from '../app-auth-systems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { cliGrantContext } from '../grant-context.js';
import type { CliIo } from '../io.js';
import {
  buildProvider,
  optionAppliesTo,
  type ParsedValues,
  PROVIDER_OPTIONS,
  PROVIDER_OPTIONS_HELP,
  type ProviderKind,
  parseCommandLine,
  parseProviderKind,
  printHelpIfAsked,
  resolveSecrets,
  stringOption,
  timeoutMs,
} from '../options.js';
import { signsPatronIn } from '../signs-patron-in.js';
import { UsageError } from '../usage-error.js';

export const TOKEN_HELP = `Usage: ils-auth token <sierra|overdrive|overdrive-patron|rero|koha|oauth2> [options]
       ils-auth token <folio|polaris|symphony|alma|evergreen> [options]

Gets a token through @ils-auth/core and prints the token response as one JSON object on stdout:
{"access_token", "token_type", "expires_in", "scope"?, "refresh_token"?}.

Grants:
  sierra             client credentials (--base-url, --client-id, --client-secret), or
                     --code C --redirect-uri U for a code from Sierra's patron login page
  overdrive          client credentials (--oauth-url …, --client-id, --client-secret)
  overdrive-patron   password grant: --username CARD [--password PIN | --pinless]
                     with --website-id and --authorization-name
  koha               client credentials at <base-url>/api/v1/oauth/token (--base-url, --client-id,
                     --client-secret: an API key of a staff user; RESTOAuth2ClientCredentials on)
  rero               RERO ILS has no client credentials grant. Use
                       --code C --redirect-uri U [--code-verifier=V]   to exchange a code, or
                       --refresh-token R                               to refresh
  oauth2             --token-url URL or --issuer URL; client credentials by default, or --code … (with
                     --authorization-url), --refresh-token R,
                     or --username U --password P (legacy password grant)
  folio, polaris,    the application's credential (a staff or API user's session, or Alma's static key);
  symphony, alma,    prints {"system", "credential": "session", "expires_in", "expires_at"} or
  evergreen          {"system", "credential": "static key", "expires"}, never the credential itself

Code and refresh options:
  --code=C                  authorization code from the provider's redirect (the = form: it may start with -)
  --redirect-uri U          the redirect URI the code was issued for
  --code-verifier=V         the PKCE verifier the authorization request used (the = form: it may start with -)
  --refresh-token=R         refresh token to trade for a new token set (the = form: it may start with -)

${PROVIDER_OPTIONS_HELP}

${APP_AUTH_OPTIONS_HELP}

Exit codes: 0 ok, 2 usage or configuration, 3 refused by the provider, 4 provider unreachable,
timed out, rate limiting or failing, 1 unexpected.`;

const TOKEN_OPTIONS = {
  ...PROVIDER_OPTIONS,
  ...APP_AUTH_OPTIONS,
  code: { type: 'string' },
  'redirect-uri': { type: 'string' },
  'code-verifier': { type: 'string' },
  'refresh-token': { type: 'string' },
} as const;

export async function tokenCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, TOKEN_OPTIONS, 'token');
  if (printHelpIfAsked(values, TOKEN_HELP, io)) return EXIT.ok;
  if (positionals.length > 1) throw new UsageError('token takes one provider (see ils-auth token --help)');
  const context = cliGrantContext(timeoutMs(values));
  const system = positionals[0];
  if (isAppAuthSystem(system)) {
    const grantFlag = ['code', 'redirect-uri', 'code-verifier', 'refresh-token'].find((flag) => values[flag]);
    if (grantFlag !== undefined) throw new UsageError(`--${grantFlag}: ${system} has no OAuth grant`);
    await describeAppCredential(
      appAuthClient(buildAppAuthProvider(system, values, io.env), values),
      io,
      context.now(),
    );
    return EXIT.ok;
  }
  const kind = parseProviderKind(system, 'token');
  // With --issuer, the endpoints come from the server's metadata.
  const provider = await discoverProvider(buildProvider(kind, values, io.env), {
    timeoutMs: context.timeoutMs,
    userAgent: context.userAgent,
  });
  const tokens = await obtainToken(kind, provider, values, io, context);
  io.stdout.write(`${JSON.stringify(tokenResponse(tokens, context.now()))}\n`);
  return EXIT.ok;
}

/** Picks the grant from the options given and the grants the provider's descriptor lists. */
function obtainToken(
  kind: ProviderKind,
  provider: ProviderDescriptor,
  values: ParsedValues,
  io: CliIo,
  context: GrantContext,
): Promise<TokenSet> {
  const code = stringOption(values, 'code');
  const refreshToken = stringOption(values, 'refresh-token');
  const username = stringOption(values, 'username');
  if ([code, refreshToken, username].filter((value) => value !== undefined).length > 1) {
    throw new UsageError('give only one of --code, --refresh-token and --username');
  }
  if (code !== undefined) {
    requireGrant(kind, provider, 'authorization_code', '--code');
    const redirectUri = stringOption(values, 'redirect-uri');
    if (redirectUri === undefined) throw new UsageError('--code needs --redirect-uri');
    const codeVerifier = stringOption(values, 'code-verifier');
    return exchangeAuthorizationCode(
      provider,
      { code, redirectUri, ...(codeVerifier !== undefined ? { codeVerifier } : {}) },
      context,
    );
  }
  if (refreshToken !== undefined) {
    requireGrant(kind, provider, 'refresh_token', '--refresh-token');
    // Core refreshes a token set; an expired one holding only the refresh token is all it reads.
    const current = new TokenSet({ accessToken: '', refreshToken, expiresAt: 0 });
    return refreshTokenGrant(provider, current, context);
  }
  if (signsPatronIn(provider)) {
    if (username === undefined) throw new UsageError(`${kind} needs --username (the card number)`);
    const { password } = resolveSecrets(values, io.env);
    if (password === undefined && values.pinless !== true) {
      throw new UsageError(
        `${kind} needs --password (or env ILS_AUTH_PASSWORD)${optionAppliesTo('pinless', kind) ? ' or --pinless' : ''}`,
      );
    }
    return passwordGrant(
      provider,
      { username, ...(password !== undefined ? { password } : {}) },
      context,
    ).catch((error: unknown) => {
      throw asCredentialError(provider, error);
    });
  }
  if (!provider.grants.includes('client_credentials')) {
    throw new UsageError(
      `${kind} has no client credentials grant: give ${grantOptionsOf(provider).join(', or ')} (see ils-auth token --help)`,
    );
  }
  return clientCredentialsGrant(provider, context);
}

/** The command-line options that run each user-driven grant the descriptor lists. */
const GRANT_OPTIONS: Partial<Record<GrantType, string>> = {
  authorization_code: '--code C --redirect-uri U',
  refresh_token: '--refresh-token R',
};

function grantOptionsOf(provider: ProviderDescriptor): string[] {
  return provider.grants.flatMap((grant) => GRANT_OPTIONS[grant] ?? []);
}

function requireGrant(
  kind: ProviderKind,
  provider: ProviderDescriptor,
  grant: GrantType,
  flag: string,
): void {
  if (!provider.grants.includes(grant))
    throw new UsageError(`${flag}: ${kind} has no ${grant.replaceAll('_', ' ')} grant`);
}

/**
 * The provider's word for "wrong card number or PIN" (OverDrive: `unauthorized_client`) becomes
 * `invalid_credentials`, as core's `createPatronAuth().login()` reports it, so scripts see one code.
 */
function asCredentialError(provider: ProviderDescriptor, error: unknown): unknown {
  const refused = provider.passwordGrant?.credentialErrors ?? [];
  const said = isIlsAuthError(error) ? error.providerError?.error : undefined;
  if (!isIlsAuthError(error) || said === undefined || !refused.includes(said)) return error;
  const detail = error.providerError?.errorDescription;
  return error.with({
    code: 'invalid_credentials',
    status: 401,
    message: `${provider.displayName} refused the card number or PIN${detail ? `: ${detail}` : ''}`,
  });
}

/** The RFC 6749 §5.1 shape, since printing the token is what the command is for. */
export function tokenResponse(tokens: TokenSet, now: number): Record<string, unknown> {
  const expiresIn = Math.max(0, Math.round(tokens.remainingMs(now) / 1000));
  return {
    access_token: tokens.accessToken,
    token_type: tokens.tokenType,
    expires_in: expiresIn,
    ...(tokens.scope.length > 0 ? { scope: tokens.scope.join(' ') } : {}),
    ...(tokens.refreshToken !== undefined ? { refresh_token: tokens.refreshToken } : {}),
  };
}
