import type { AuthorizationTransaction } from '../grants/authorization-code.js';

/** The base name of a provider's transaction cookie (before any `__Secure-` prefix). */
export function transactionCookieBase(providerName: string): string {
  return `ils_tx_${providerName}`;
}

/** Reads back a sealed transaction, refusing anything that is not one for `provider`. */
export function asTransaction(value: unknown, provider: string): AuthorizationTransaction | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (
    v.provider !== provider ||
    typeof v.state !== 'string' ||
    typeof v.redirectUri !== 'string' ||
    typeof v.createdAt !== 'number' ||
    (v.codeVerifier !== undefined && typeof v.codeVerifier !== 'string') ||
    (v.returnTo !== undefined && typeof v.returnTo !== 'string') ||
    (v.nonce !== undefined && typeof v.nonce !== 'string')
  )
    return undefined;
  return { ...(v as unknown as AuthorizationTransaction) };
}
