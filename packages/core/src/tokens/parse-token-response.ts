import { IlsAuthError } from '../errors/ils-auth-error.js';
import { type ErrorCodeMapper, errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import type { Logger } from '../internal/logger.js';
import type { SecretValue } from '../internal/redact.js';
import { TokenSet } from './token-set.js';

export interface ParseTokenOptions {
  provider: string;
  now: number;
  /** Used when the response has no `expires_in` (RFC 6749 makes it optional). Seconds. */
  defaultLifetimeSeconds: number;
  secrets: readonly SecretValue[];
  mapCode?: ErrorCodeMapper;
  /** Where a clamped `expires_in` is reported. */
  logger?: Logger;
}

/**
 * The longest lifetime kept for a token, whatever its `expires_in` says: 7 days. A larger figure is a broken
 * or hostile server (`1e29` would make a session that never ends, `1e308` an expiry past the largest
 * date); the token is then treated as living 7 days, and a patron session built on it ends by then at the
 * latest (or is renewed, where the provider issues refresh tokens).
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;

const SECRET_FIELDS = new Set(['access_token', 'refresh_token', 'id_token']);

/**
 * Strictly parses a token endpoint's answer (RFC 6749 §5.1). A 200 is a token only when it is a JSON object
 * with a non-empty string `access_token`, a `Bearer` token type, and no `error`; anything else is an error,
 * never a token that will fail later in an unrelated place.
 */
export function parseTokenResponse(answer: ProviderAnswer, options: ParseTokenOptions): TokenSet {
  const { provider } = options;
  if (answer.status < 200 || answer.status > 299) {
    if (answer.status >= 300 && answer.status < 400) {
      throw new IlsAuthError(
        'malformed_response',
        `the ${provider} token endpoint answered a redirect (HTTP ${answer.status}), which is not followed`,
        {
          provider,
          status: answer.status,
        },
      );
    }
    throw errorFromAnswer(answer, {
      provider,
      purpose: 'token request',
      secrets: options.secrets,
      mapCode: options.mapCode,
    });
  }

  let body: unknown;
  try {
    body = JSON.parse(answer.bodyText);
  } catch {
    const looksHtml = /^\s*</.test(answer.bodyText);
    throw new IlsAuthError(
      'malformed_response',
      `the ${provider} token endpoint answered ${looksHtml ? 'HTML' : 'a body that is not JSON'} with HTTP ${answer.status}`,
      {
        provider,
        status: answer.status,
      },
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw malformed(provider, answer.status, 'is not a JSON object');
  }
  const json = body as Record<string, unknown>;
  if (json.error !== undefined) {
    // Some servers answer 200 with an error body; it is an error all the same.
    throw errorFromAnswer(
      { ...answer, status: answer.status },
      { provider, purpose: 'token request', secrets: options.secrets, mapCode: options.mapCode },
    );
  }
  if (typeof json.access_token !== 'string' || json.access_token.length === 0) {
    throw malformed(provider, answer.status, 'has no access_token');
  }
  if (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer') {
    throw malformed(
      provider,
      answer.status,
      `has token_type ${describe(json.token_type)}, and only Bearer tokens are supported`,
    );
  }
  const lifetime = clampLifetime(
    readExpiresIn(json.expires_in, options.defaultLifetimeSeconds, provider, answer.status),
    options,
  );
  if (
    json.refresh_token !== undefined &&
    (typeof json.refresh_token !== 'string' || json.refresh_token.length === 0)
  ) {
    throw malformed(provider, answer.status, 'has a refresh_token that is not a non-empty string');
  }
  const scope = typeof json.scope === 'string' ? json.scope.split(/\s+/).filter(Boolean) : [];
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) if (!SECRET_FIELDS.has(key)) raw[key] = value;

  return new TokenSet({
    accessToken: json.access_token,
    refreshToken: json.refresh_token as string | undefined,
    idToken: typeof json.id_token === 'string' ? json.id_token : undefined,
    expiresAt: options.now + lifetime * 1000,
    issuedAt: options.now,
    scope,
    raw,
  });
}

function readExpiresIn(value: unknown, fallback: number, provider: string, status: number): number {
  if (value === undefined || value === null) return fallback;
  const seconds = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw malformed(provider, status, `has expires_in ${describe(value)}, which is not a number of seconds`);
  }
  return seconds;
}

function clampLifetime(seconds: number, { provider, logger }: ParseTokenOptions): number {
  if (seconds <= MAX_TOKEN_LIFETIME_SECONDS) return seconds;
  logger?.warn(
    `ils-auth: the ${provider} token response has expires_in ${seconds}, more than the ${MAX_TOKEN_LIFETIME_SECONDS} s kept; the token is treated as living ${MAX_TOKEN_LIFETIME_SECONDS} s`,
    { provider, expiresIn: seconds, keptSeconds: MAX_TOKEN_LIFETIME_SECONDS },
  );
  return MAX_TOKEN_LIFETIME_SECONDS;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return typeof value;
}

function malformed(provider: string, status: number, problem: string): IlsAuthError {
  return new IlsAuthError('malformed_response', `the ${provider} token response ${problem}`, {
    provider,
    status,
  });
}
