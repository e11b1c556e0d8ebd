import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { sendWithGrant } from '../http/send-with-grant.js';
import type { SecretValue } from '../internal/redact.js';
import { TokenSet } from '../tokens/token-set.js';
import { asRecord, firstString } from './profile-fields.js';

/** Where a FOLIO tenant is reached, and which gateway answers (Eureka refuses credentials with 401). */
export interface FolioGateway {
  readonly okapiUrl: string;
  readonly tenant: string;
  readonly mode: 'okapi' | 'eureka';
  /**
   * `with-expiry`: `/authn/login-with-expiry`, tokens in cookies, access tokens that expire and refresh
   * tokens that rotate. `legacy`: `/authn/login`, one token in `x-okapi-token` that never expires
   * (deprecated; off on tenants with legacy tokens disabled).
   */
  readonly login: 'with-expiry' | 'legacy';
  /** How long a legacy token is used before ils-auth logs in again (it never expires by itself). */
  readonly legacyTokenSeconds: number;
}

export interface FolioCredentials {
  username: string;
  password: string;
}

const ACCESS_COOKIE = 'folioAccessToken';
const REFRESH_COOKIE = 'folioRefreshToken';

/** The two headers every FOLIO call carries. */
export function folioHeaders(gateway: FolioGateway, token?: string): Record<string, string> {
  return token === undefined
    ? { 'x-okapi-tenant': gateway.tenant }
    : { 'x-okapi-tenant': gateway.tenant, 'x-okapi-token': token };
}

/**
 * Logs a FOLIO user in (the application's user, or a patron with their own credentials). Wrong
 * credentials, an unknown or an inactive user are one answer (422 under Okapi, 401 under Eureka), thrown
 * as `refusedAs`: `invalid_client` for the application's user, `invalid_credentials` for a patron.
 */
export async function folioLogin(
  gateway: FolioGateway,
  credentials: FolioCredentials,
  grant: GrantContext,
  refusedAs: 'invalid_client' | 'invalid_credentials',
): Promise<TokenSet> {
  const path = gateway.login === 'legacy' ? '/authn/login' : '/authn/login-with-expiry';
  const purpose = refusedAs === 'invalid_client' ? 'FOLIO staff login' : 'FOLIO patron login';
  const issuedAt = grant.now();
  const answer = await send(gateway, path, grant, purpose, {
    body: { ...credentials, tenant: gateway.tenant },
  });
  const secrets = [credentials.password];
  if (answer.status !== 201 && answer.status !== 200) {
    const wrong = gateway.mode === 'eureka' ? answer.status === 401 : answer.status === 422;
    if (wrong)
      throw new IlsAuthError(
        refusedAs,
        refusedAs === 'invalid_client'
          ? `FOLIO refused the application user's login (${gateway.tenant}); check username and password`
          : 'FOLIO refused the user name or password',
        { provider: 'folio', status: 401, retryable: false },
      );
    throw failure(answer, purpose, secrets, gateway);
  }
  if (gateway.login === 'legacy') {
    const token = answer.headers.get('x-okapi-token') ?? firstString(asRecord(parse(answer)).okapiToken);
    if (!token) throw malformed(`the ${purpose} answered no x-okapi-token`);
    return new TokenSet({
      accessToken: token,
      issuedAt,
      expiresAt: issuedAt + gateway.legacyTokenSeconds * 1000,
    });
  }
  return tokenPair(answer, purpose, issuedAt);
}

/**
 * Redeems a refresh token once (`POST /authn/refresh`). Any refusal is `invalid_grant`: the token is
 * spent, expired or revoked, and the caller logs in again rather than present it twice.
 */
export async function folioRefresh(
  gateway: FolioGateway,
  refreshToken: string,
  grant: GrantContext,
): Promise<TokenSet> {
  const purpose = 'FOLIO token refresh';
  const issuedAt = grant.now();
  const answer = await send(gateway, '/authn/refresh', grant, purpose, {
    headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}` },
  });
  if (answer.status === 201 || answer.status === 200) return tokenPair(answer, purpose, issuedAt);
  if (answer.status === 400 || answer.status === 401 || answer.status === 422)
    throw new IlsAuthError('invalid_grant', 'FOLIO refused the refresh token', {
      provider: 'folio',
      status: answer.status,
    });
  throw failure(answer, purpose, [refreshToken], gateway);
}

/**
 * Revokes a refresh token (`POST /authn/logout` with its cookie), best effort: a patron's session that
 * ils-auth does not keep should not stay usable for a week.
 */
export async function folioLogout(
  gateway: FolioGateway,
  refreshToken: string,
  grant: GrantContext,
): Promise<void> {
  await send(gateway, '/authn/logout', grant, 'FOLIO logout', {
    headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}` },
  }).catch(() => undefined);
}

function send(
  gateway: FolioGateway,
  path: string,
  grant: GrantContext,
  purpose: string,
  request: { headers?: Record<string, string>; body?: unknown },
): Promise<ProviderAnswer> {
  return sendWithGrant(
    `${gateway.okapiUrl}${path}`,
    { headers: { ...request.headers, ...folioHeaders(gateway) }, body: request.body },
    grant,
    { provider: 'folio', purpose },
  );
}

/** The access and refresh tokens from `Set-Cookie`, their expiry from the body (ISO 8601). */
function tokenPair(answer: ProviderAnswer, purpose: string, issuedAt: number): TokenSet {
  const cookies = new Map<string, string>();
  for (const line of answer.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0] ?? '';
    const at = pair.indexOf('=');
    if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  const accessToken = cookies.get(ACCESS_COOKIE);
  const refreshToken = cookies.get(REFRESH_COOKIE);
  const expiresAt = Date.parse(firstString(asRecord(parse(answer)).accessTokenExpiration) ?? '');
  if (!accessToken || !refreshToken) throw malformed(`the ${purpose} answered without the token cookies`);
  if (!Number.isFinite(expiresAt)) throw malformed(`the ${purpose} answered no valid accessTokenExpiration`);
  return new TokenSet({ accessToken, refreshToken, issuedAt, expiresAt });
}

function failure(
  answer: ProviderAnswer,
  purpose: string,
  secrets: readonly SecretValue[],
  gateway: FolioGateway,
) {
  const error = errorFromAnswer(answer, { provider: 'folio', purpose, secrets });
  // A 400 in plain text is the gateway refusing the tenant ("No such Tenant", "Missing header").
  if (answer.status === 400 && /tenant/i.test(answer.bodyText))
    return error.with({
      code: 'config_invalid',
      message: `folio: option \`tenant\` (${gateway.tenant}) was refused by the gateway`,
      retryable: false,
    });
  if (answer.status === 404 && gateway.login === 'legacy')
    return error.with({
      code: 'config_invalid',
      message: "folio: this tenant has no legacy /authn/login; use login: 'with-expiry'",
      retryable: false,
    });
  return error;
}

function parse(answer: ProviderAnswer): unknown {
  try {
    return JSON.parse(answer.bodyText) as unknown;
  } catch {
    return undefined;
  }
}

function malformed(message: string): IlsAuthError {
  return new IlsAuthError('malformed_response', message, { provider: 'folio' });
}
