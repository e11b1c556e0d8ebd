import type { AuthorizedFetchOptions } from '../client/authorized-fetch.js';
import { type ResolvedClientOptions, resolveClientOptions } from '../client/client-options.js';
import { createClient, type IlsClient } from '../client/create-client.js';
import { backoffFor, type ProviderBackoff } from '../client/provider-backoff.js';
import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { DEFAULT_TRANSACTION_MAX_AGE_MS } from '../grants/parse-callback.js';
import { type ProviderResolver, providerResolver } from '../providers/discovery.js';
import type { BackoffRunner, ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { PatronAuthOptions } from './patron-auth.js';
import type { SessionRecord } from './session-record.js';

/**
 * What every flow of one provider's `PatronAuth` shares (code flow, PIN sign-in, sessions): its checked
 * settings, its store and clock, the provider's metadata and the app-token client.
 */
export interface PatronAuthContext {
  readonly provider: ProviderDescriptor;
  readonly resolved: ResolvedClientOptions;
  readonly sessionScope: string | undefined;
  /** How long a session without a patron token lasts. */
  readonly sessionTtlMs: number;
  readonly transactionMaxAgeMs: number;
  /** The default redirect URI of `authorizationUrl()`. */
  readonly redirectUri: string | undefined;
  readonly discovery: ProviderResolver;
  /** How patron API calls are sent, less the descriptor (the metadata may complete it later). */
  readonly fetchOptions: Omit<AuthorizedFetchOptions, 'provider'>;
  /** The app-token client, made on first use: a code-flow-only provider may never need one. */
  app(): IlsClient;
  /** The patron's IP for providers that want it forwarded (Sierra's `X-Forwarded-For`), else undefined. */
  forwardedFor(clientIp: string | undefined): string | undefined;
  /** A provider request behind the backoff of its key, as token requests are (SIP2's patron checks). */
  readonly withBackoff: BackoffRunner;
  /** A record of this provider, started under this scope: the only sessions this auth may read or end. */
  ownsRecord(record: SessionRecord | undefined): record is SessionRecord;
  sessionExpired(message: string): IlsAuthError;
}

/** Checks the options of `createPatronAuth()` (a wrong one is refused now, not at a patron's sign-in). */
export function createPatronAuthContext(
  provider: ProviderDescriptor,
  options: PatronAuthOptions,
): PatronAuthContext {
  const resolved = resolveClientOptions(provider.id, options);
  const signsPatronsIn =
    provider.grants.includes('authorization_code') || provider.grants.includes('password');
  if (signsPatronsIn && !provider.patron) {
    // Known now, not after a patron's code was exchanged for nothing.
    throw configError(
      provider.id,
      'userinfoUrl',
      'is required to sign patrons in (or mapProfile, or the openid scope): nothing would tell who signed in',
    );
  }
  const { sessionScope } = options;
  if (sessionScope !== undefined && (typeof sessionScope !== 'string' || sessionScope === ''))
    throw configError(provider.id, 'sessionScope', 'must be a non-empty string');
  const sessionTtlMs = (options.sessionTtlSeconds ?? 3600) * 1000;
  if (!(sessionTtlMs > 0 && Number.isFinite(sessionTtlMs))) {
    throw configError(provider.id, 'sessionTtlSeconds', 'must be a positive number of seconds');
  }
  const transactionMaxAgeMs =
    options.transactionMaxAgeSeconds === undefined
      ? DEFAULT_TRANSACTION_MAX_AGE_MS
      : options.transactionMaxAgeSeconds * 1000;
  if (!(transactionMaxAgeMs > 0 && Number.isFinite(transactionMaxAgeMs))) {
    throw configError(provider.id, 'transactionMaxAgeSeconds', 'must be a positive number of seconds');
  }
  if (options.redirectUri !== undefined) checkRedirectUri(provider, options.redirectUri);
  const { grantContext, keyPrefix } = resolved;
  const discovery = providerResolver(provider, { ...grantContext, logger: resolved.logger });
  // Read the metadata now, so the first sign-in does not wait for it; errors surface in ready() and use.
  if (provider.discovery) discovery.get().catch(() => undefined);

  let appClient = options.appClient;
  const backoffs = new Map<string, ProviderBackoff>();
  return {
    provider,
    resolved,
    sessionScope,
    sessionTtlMs,
    transactionMaxAgeMs,
    redirectUri: options.redirectUri,
    discovery,
    fetchOptions: {
      fetch: grantContext.fetch,
      userAgent: resolved.userAgent,
      timeoutMs: resolved.requestTimeoutMs,
    },
    app() {
      appClient ??= createClient(provider, options);
      return appClient;
    },
    forwardedFor: (clientIp) => (provider.forwardsClientIp && clientIp ? clientIp : undefined),
    withBackoff: (key, request) => {
      // Looked up once per key: every SIP2 sign-in runs behind it, and the settings object is built anew.
      let backoff = backoffs.get(key);
      if (!backoff) {
        backoff = backoffFor(`${keyPrefix}:${key}`, { provider: provider.id, ...resolved });
        backoffs.set(key, backoff);
      }
      return backoff.attempt(request);
    },
    ownsRecord: (record): record is SessionRecord =>
      record?.provider === provider.id && record.scope === sessionScope,
    sessionExpired: (message) =>
      new IlsAuthError('session_expired', message, {
        provider: provider.id,
        reauthRequired: true,
        status: 401,
      }),
  };
}

function checkRedirectUri(provider: ProviderDescriptor, redirectUri: string): void {
  try {
    new URL(redirectUri);
  } catch {
    throw configError(provider.id, 'redirectUri', 'is not a valid absolute URL');
  }
}
