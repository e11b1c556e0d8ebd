import { redact, type SecretValue } from '../internal/redact.js';
import type { IlsAuthErrorCode } from './error-codes.js';
import { ERROR_CODES } from './error-codes.js';
import { IlsAuthError, type ProviderErrorBody } from './ils-auth-error.js';
import { findChallenge, parseWwwAuthenticate } from './www-authenticate.js';

/** A provider's answer as far as error handling needs it; the body is already read (and size-limited). */
export interface ProviderAnswer {
  status: number;
  headers: Headers;
  bodyText: string;
}

/** Maps a provider's own error vocabulary onto ours: Sierra's numeric codes, OverDrive's `errorCode`s. */
export type ErrorCodeMapper = (
  body: ProviderErrorBody,
  answer: ProviderAnswer,
) => IlsAuthErrorCode | undefined;

const OAUTH_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Reads every error shape the supported systems use into one `ProviderErrorBody`:
 * RFC 6749 `{error, error_description}`, Sierra `{code, specificCode, httpStatus, name, description?}`,
 * OverDrive `{errorCode, message, token}`, Ex Libris `{errorList: {error: [{errorCode, errorMessage}]}}`,
 * and RFC 6750 `WWW-Authenticate` challenges.
 * Returns undefined when the body is none of these (HTML error pages, empty bodies).
 */
export function readProviderErrorBody(
  answer: ProviderAnswer,
  secrets: readonly SecretValue[],
): ProviderErrorBody | undefined {
  const clean = (value: unknown): string | undefined =>
    typeof value === 'string' ? redact(value, secrets) : undefined;
  const body: ProviderErrorBody = {};
  const json = parseJsonObject(answer.bodyText);
  if (json) {
    if (typeof json.error === 'string') body.error = clean(json.error);
    if (typeof json.error_description === 'string') body.errorDescription = clean(json.error_description);
    if (typeof json.code === 'number') body.sierraCode = json.code;
    if (typeof json.specificCode === 'number') body.specificCode = json.specificCode;
    if (typeof json.name === 'string' && typeof json.code === 'number') body.name = clean(json.name);
    if (typeof json.description === 'string') body.description = clean(json.description);
    if (typeof json.errorCode === 'string') body.error = clean(json.errorCode);
    if (typeof json.message === 'string' && body.errorDescription === undefined)
      body.errorDescription = clean(json.message);
    const listed = firstListedError(json.errorList);
    if (listed && body.error === undefined) {
      body.error = clean(listed.errorCode);
      if (body.errorDescription === undefined) body.errorDescription = clean(listed.errorMessage);
    }
    const permissions = permissionList(json.required_permissions);
    if (permissions) body.requiredPermissions = clean(permissions);
  }
  const challenge = parseWwwAuthenticate(answer.headers.get('www-authenticate')).find((c) => c.params.error);
  if (challenge?.params.error) {
    body.challengeError = challenge.params.error;
    if (body.error === undefined) body.error = challenge.params.error;
    if (body.errorDescription === undefined && challenge.params.error_description) {
      body.errorDescription = clean(challenge.params.error_description);
    }
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

/** Ex Libris's `{"errorsExist": true, "errorList": {"error": [{errorCode, errorMessage}]}}` (Alma). */
function firstListedError(value: unknown): { errorCode: string; errorMessage?: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const list = (value as { error?: unknown }).error;
  const first: unknown = Array.isArray(list) ? list[0] : list;
  if (first === null || typeof first !== 'object') return undefined;
  const { errorCode, errorMessage } = first as Record<string, unknown>;
  if (typeof errorCode !== 'string') return undefined;
  return { errorCode, errorMessage: typeof errorMessage === 'string' ? errorMessage : undefined };
}

/** Longer than any real permission list: a hostile body cannot grow an error message without bound. */
const MAX_PERMISSIONS_LENGTH = 200;

/**
 * Koha's `required_permissions` (`{"borrowers": "1"}`: the whole module; `{"borrowers": "edit_borrowers"}`:
 * one subpermission; a list of subpermissions) as one line an administrator can act on.
 */
function permissionList(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>).map(([module, granted]) => {
    const subpermissions = (Array.isArray(granted) ? granted : [granted]).filter(
      (item): item is string | number =>
        (typeof item === 'string' && item !== '' && item !== '1') || (typeof item === 'number' && item !== 1),
    );
    return subpermissions.length === 0 ? module : `${module}: ${subpermissions.join(' or ')}`;
  });
  const line = entries.join(', ');
  return line === '' ? undefined : line.slice(0, MAX_PERMISSIONS_LENGTH);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface ErrorContext {
  provider: string;
  /** "token request", "patron record request": how the message names what failed. */
  purpose: string;
  /** Values that must not survive into the error: PINs, card numbers, secrets, tokens, codes. */
  secrets: readonly SecretValue[];
  mapCode?: ErrorCodeMapper;
}

/** Turns any non-success answer into an `IlsAuthError` with a stable code and the provider's own words. */
export function errorFromAnswer(answer: ProviderAnswer, context: ErrorContext): IlsAuthError {
  const providerError = readProviderErrorBody(answer, context.secrets);
  const code = chooseCode(answer, providerError, context.mapCode);
  const said =
    providerError?.errorDescription ??
    providerError?.description ??
    providerError?.name ??
    providerError?.error;
  const missing = providerError?.requiredPermissions
    ? ` (missing permission: ${providerError.requiredPermissions})`
    : '';
  const message = `${context.purpose} to ${context.provider} failed with HTTP ${answer.status} (${code})${said ? `: ${said}` : ''}${missing}`;
  return new IlsAuthError(code, message, {
    status: answer.status,
    provider: context.provider,
    providerError,
    retryAfter: parseRetryAfter(answer.headers.get('retry-after')),
  });
}

function chooseCode(
  answer: ProviderAnswer,
  body: ProviderErrorBody | undefined,
  mapCode?: ErrorCodeMapper,
): IlsAuthErrorCode {
  if (body) {
    const mapped = mapCode?.(body, answer);
    if (mapped) return mapped;
    if (body.error && OAUTH_CODES.has(body.error)) return body.error as IlsAuthErrorCode;
  }
  if (answer.status === 429) return 'rate_limited';
  if (answer.status >= 500) return 'provider_unavailable';
  if (answer.status === 401) {
    return findChallenge(answer.headers.get('www-authenticate'), 'basic')
      ? 'invalid_client'
      : 'invalid_token';
  }
  if (answer.status === 403) return 'access_denied';
  return 'provider_error';
}

/** `Retry-After` as seconds, from either of its forms (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
