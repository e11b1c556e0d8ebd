import { createHash } from 'node:crypto';
import { type AuthorizationTransaction, IlsAuthError } from '@ils-auth/core';
import type { Request, RequestHandler, Response } from 'express';
import { readCookie } from './cookie-header.js';
import { clientIpOf, publicOrigin } from './request-helpers.js';
import { safeReturnTo } from './return-to.js';
import type { IlsAuthRuntime, ProviderRuntime } from './runtime.js';
import { startSession } from './start-session.js';

/**
 * The code flow's state, PKCE verifier and returnTo travel in a sealed, httpOnly cookie that only the
 * callback path receives, lives as long as the transaction may, and is cleared when the callback uses it.
 */
function transactionCookie(runtime: IlsAuthRuntime, provider: ProviderRuntime, req: Request) {
  const name = `ils_tx_${provider.name}`;
  const path = runtime.routePath(req.baseUrl, provider.name, 'callback');
  return { name, options: runtime.cookieOptions(req, path) };
}

/** GET `<base>/<name>/login?returnTo=/path`: sends the browser to the provider's login page. */
export function startCodeFlow(runtime: IlsAuthRuntime, provider: ProviderRuntime): RequestHandler {
  return (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo, runtime.options.defaultReturnTo);
    const redirectUri = `${publicOrigin(req, runtime.options.origin)}${runtime.routePath(req.baseUrl, provider.name, 'callback')}`;
    const { url, transaction } = provider.auth.authorizationUrl({
      redirectUri,
      returnTo,
      ...(provider.scopes ? { scopes: provider.scopes } : {}),
      ...(provider.authorizationParams ? { params: provider.authorizationParams } : {}),
    });
    const maxAgeMs = provider.transactionMaxAgeSeconds * 1000;
    const cookie = transactionCookie(runtime, provider, req);
    const sealed = runtime.sealer.seal({ ...transaction }, cookie.name, runtime.options.clock() + maxAgeMs);
    res.cookie(cookie.name, sealed, { ...cookie.options, maxAge: maxAgeMs });
    res.set('Cache-Control', 'no-store');
    res.redirect(302, url);
  };
}

/** GET `<base>/<name>/callback`: checks state, trades the code, starts the session, goes to returnTo. */
export function finishCodeFlow(runtime: IlsAuthRuntime, provider: ProviderRuntime): RequestHandler {
  return async (req: Request, res: Response) => {
    const cookie = transactionCookie(runtime, provider, req);
    const sealed = readCookie(req.headers.cookie, cookie.name);
    // Cleared whatever happens next: a transaction serves one callback only.
    res.clearCookie(cookie.name, cookie.options);
    res.set('Cache-Control', 'no-store');
    const transaction = runtime.sealer.unseal(sealed, cookie.name, runtime.options.clock());
    if (!isTransaction(transaction, provider.descriptor.id)) throw noSignInInProgress(provider.descriptor.id);
    await refuseReplay(runtime, transaction, provider);
    const session = await provider.auth.handleCallback(req.originalUrl, transaction, {
      clientIp: clientIpOf(req),
    });
    await startSession(runtime, req, res, provider.name, session);
    res.redirect(303, safeReturnTo(transaction.returnTo, runtime.options.defaultReturnTo));
  };
}

/**
 * Clearing the cookie stops an honest browser from replaying a callback; someone who kept a copy of the
 * cookie is stopped here: each state is accepted once for as long as its transaction lives.
 */
async function refuseReplay(
  runtime: IlsAuthRuntime,
  transaction: AuthorizationTransaction,
  provider: ProviderRuntime,
): Promise<void> {
  const { store, keyPrefix } = runtime.options;
  const key = `${keyPrefix}:express:used-state:${createHash('sha256').update(transaction.state).digest('base64url')}`;
  if ((await store.get(key)) !== undefined) throw noSignInInProgress(provider.descriptor.id);
  await store.set(key, '1', provider.transactionMaxAgeSeconds * 1000);
}

function noSignInInProgress(provider: string): IlsAuthError {
  return new IlsAuthError(
    'state_mismatch',
    'no sign-in is in progress in this browser (it expired or was already used); start again',
    { provider, status: 400 },
  );
}

function isTransaction(value: unknown, provider: string): value is AuthorizationTransaction {
  const transaction = value as Partial<AuthorizationTransaction> | undefined;
  return (
    typeof transaction === 'object' &&
    transaction !== null &&
    transaction.provider === provider &&
    typeof transaction.state === 'string' &&
    typeof transaction.redirectUri === 'string' &&
    typeof transaction.createdAt === 'number'
  );
}
