import { isIlsAuthError, type ProviderDescriptor, type TokenSet } from '@ils-auth/core';
import { clientCredentialsGrant, type GrantContext } from '@ils-auth/core/extend';
import { EXIT, exitCodeForError, exitCodeForStatus } from '../exit-codes.js';
import { authorizedGet, type GetOutcome } from './authorized-get.js';
import { clockSkewMs, type DatedAnswer } from './clock-skew.js';
import { patronApiCheck } from './patron-api-check.js';
import { patronPinCheck } from './patron-pin-check.js';
import { NEEDS_TOKEN, type Verdict } from './verdict.js';

export interface DoctorSettings {
  provider: ProviderDescriptor;
  /** Its fetch records the token endpoint's `Date` header. */
  context: GrantContext;
  lastAnswer: () => DatedAnswer | undefined;
  /** Largest clock difference that passes. */
  maxSkewMs: number;
  /** Scopes (or Sierra roles) the configuration needs; each must be granted. */
  requiredScopes: readonly string[];
}

/** The six checks, in order; each later check uses what the earlier ones found, never a second token. */
export async function runDoctorChecks(settings: DoctorSettings): Promise<Verdict[]> {
  const { provider, context } = settings;
  let token: TokenSet | undefined;
  let tokenVerdict: Verdict;
  try {
    token = await clientCredentialsGrant(provider, context);
    const seconds = Math.round(token.remainingMs(context.now()) / 1000);
    tokenVerdict = {
      check: 'token',
      outcome: 'ok',
      detail: `${provider.displayName} gave a ${token.tokenType} token valid ${seconds} s`,
    };
  } catch (error) {
    if (!isIlsAuthError(error)) throw error;
    tokenVerdict = {
      check: 'token',
      outcome: 'fail',
      detail: `${error.code}: ${error.message}`,
      exitCode: exitCodeForError(error.code),
    };
  }

  // From the descriptor: only a system that says what it thinks of a token (Sierra's `/info/token`) has one.
  const tokenInfoUrl = provider.endpoints.tokenInfo;
  const info =
    token && tokenInfoUrl ? await authorizedGet(new URL(tokenInfoUrl), token, context.timeoutMs) : undefined;
  return [
    tokenVerdict,
    clockCheck(settings.lastAnswer(), settings.maxSkewMs),
    tokenInfoCheck(tokenInfoUrl !== undefined, token, info),
    scopesCheck(token, info, settings.requiredScopes),
    await patronApiCheck(provider, token, context),
    await patronPinCheck(provider, token, context),
  ];
}

function clockCheck(answer: DatedAnswer | undefined, maxSkewMs: number): Verdict {
  const skewMs = answer && clockSkewMs(answer);
  if (skewMs === undefined) {
    return {
      check: 'clock',
      outcome: 'skip',
      detail: answer ? 'the token endpoint sent no usable Date header' : 'the token endpoint did not answer',
    };
  }
  const seconds = Math.round(skewMs / 1000);
  const said =
    seconds === 0
      ? 'agrees with ours'
      : `is ${Math.abs(seconds)} s ${seconds > 0 ? 'ahead of' : 'behind'} ours`;
  if (Math.abs(skewMs) <= maxSkewMs)
    return { check: 'clock', outcome: 'ok', detail: `the server's clock ${said} (Date header)` };
  return {
    check: 'clock',
    outcome: 'fail',
    detail: `the server's clock ${said}, more than ${maxSkewMs / 1000} s: token expiry and id_token times will be off; fix NTP on one side`,
    exitCode: EXIT.refused,
  };
}

function tokenInfoCheck(
  hasTokenInfo: boolean,
  token: TokenSet | undefined,
  info: GetOutcome | undefined,
): Verdict {
  if (!hasTokenInfo)
    return { check: 'token-info', outcome: 'skip', detail: 'this system has no token information endpoint' };
  if (!token || !info) return { check: 'token-info', outcome: 'skip', detail: NEEDS_TOKEN };
  if ('failure' in info)
    return {
      check: 'token-info',
      outcome: 'fail',
      detail: `info/token: ${info.failure}`,
      exitCode: EXIT.unavailable,
    };
  const expiresIn = (info.body as { expiresIn?: unknown } | undefined)?.expiresIn;
  if (info.status !== 200 || typeof expiresIn !== 'number') {
    return {
      check: 'token-info',
      outcome: 'fail',
      detail: `info/token answered ${info.status}${info.status === 200 ? ' without expiresIn' : ''}`,
      exitCode: info.status === 200 ? EXIT.unavailable : exitCodeForStatus(info.status),
    };
  }
  return {
    check: 'token-info',
    outcome: 'ok',
    detail: `the server knows the token: it expires in ${expiresIn} s`,
  };
}

/** Sierra grants roles rather than scopes; its info/token lists them. */
function sierraRoles(info: GetOutcome | undefined): string[] {
  const roles = info && 'body' in info ? (info.body as { roles?: unknown } | undefined)?.roles : undefined;
  if (!Array.isArray(roles)) return [];
  return roles.flatMap((role: { name?: unknown }) => (typeof role?.name === 'string' ? [role.name] : []));
}

function scopesCheck(
  token: TokenSet | undefined,
  info: GetOutcome | undefined,
  required: readonly string[],
): Verdict {
  if (!token) return { check: 'scopes', outcome: 'skip', detail: NEEDS_TOKEN };
  const granted = [...new Set([...token.scope, ...sierraRoles(info)])];
  const missing = required.filter((scope) => !granted.includes(scope));
  if (missing.length > 0) {
    return {
      check: 'scopes',
      outcome: 'fail',
      detail: `not granted: ${missing.join(', ')} (granted: ${granted.join(', ') || 'none reported'})`,
      exitCode: EXIT.refused,
    };
  }
  if (granted.length === 0)
    return {
      check: 'scopes',
      outcome: 'skip',
      detail: 'the server reported no scopes and none were required',
    };
  return { check: 'scopes', outcome: 'ok', detail: `granted: ${granted.join(', ')}` };
}
