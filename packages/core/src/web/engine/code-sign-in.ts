import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { normalizeClientIp } from '../client-ip.js';
import { cookieNameFor, readCookie, type SetCookie } from '../cookies.js';
import { attachCookies } from '../error-cookies.js';
import { asTransaction, transactionCookieBase } from '../transaction-cookie.js';
import { headerOf, type WebRequest } from '../web-request.js';
import { type EngineSetup, providerNamed } from './engine-setup.js';
import { absoluteUrl, isSecure, returnToOf } from './request-site.js';
import type { SignedIn } from './signed-in.js';
import type { WebProvider } from './web-provider.js';
import { signInRedirect, type WebRedirect } from './web-redirect.js';

/**
 * Starts a code-flow sign-in: a 302 to the provider's login page, and the transaction (state, PKCE
 * verifier, nonce, returnTo) sealed in an httpOnly cookie that only the callback path receives and that
 * lives as long as the transaction may. `redirectUri` (the adapter's callback route) may be a path on this
 * site or an absolute URL; a provider's configured `redirectUri` takes its place, an absolute one sent
 * exactly as written, since providers compare it character for character with the registered one. A
 * provider configured by `issuer` takes its endpoints from the server's metadata: the first sign-in waits
 * for it (read once, then cached), so a patron arriving right after start-up is not turned away.
 */
export async function startCodeSignIn(
  setup: EngineSetup,
  request: WebRequest,
  name: string,
  options: { redirectUri: string; returnTo?: unknown },
): Promise<WebRedirect> {
  const provider = providerNamed(setup, name);
  await provider.auth.ready();
  const configured = provider.redirectUri;
  const redirectUri =
    configured && /^https?:\/\//i.test(configured)
      ? configured
      : absoluteUrl(setup.options, request, configured ?? options.redirectUri);
  const { url, transaction } = provider.auth.authorizationUrl({
    redirectUri,
    returnTo: returnToOf(setup.options, options.returnTo),
    ...(provider.scopes ? { scopes: provider.scopes } : {}),
    ...(provider.authorizationParams ? { params: provider.authorizationParams } : {}),
  });
  const maxAgeSeconds = provider.transactionMaxAgeSeconds;
  const cookie = transactionCookie(setup, request, provider, new URL(redirectUri).pathname);
  const sealed = setup.sealer.seal(transaction, cookie.name, setup.options.clock() + maxAgeSeconds * 1000);
  return signInRedirect(302, url, [{ ...cookie, value: sealed, maxAgeSeconds }]);
}

/**
 * Verifies a code-flow callback: opens the transaction cookie (cleared whatever happens), lets core check
 * `state` (and `iss`) and mark the transaction used atomically in the store before the code leaves the
 * process (two deliveries of one callback exchange the code once), and returns the new session. A callback
 * without a live transaction is `state_mismatch`. No hook runs and no session cookie is written here.
 */
export async function verifyCodeSignIn(
  setup: EngineSetup,
  request: WebRequest,
  name: string,
): Promise<SignedIn> {
  const provider = providerNamed(setup, name);
  const path = new URL(request.url, 'http://callback.invalid').pathname;
  const cookie = transactionCookie(setup, request, provider, path);
  const clear: SetCookie = { ...cookie, value: '', maxAgeSeconds: 0 };
  const sealed = readCookie(headerOf(request, 'cookie'), cookie.name);
  const transaction = asTransaction(
    setup.sealer.unseal(sealed, cookie.name, setup.options.clock()),
    provider.descriptor.id,
  );
  if (!transaction)
    throw attachCookies(
      new IlsAuthError(
        'state_mismatch',
        'no sign-in is in progress in this browser (it expired or was already used); start again',
        { provider: provider.descriptor.id, status: 400 },
      ),
      [clear],
    );
  try {
    const clientIp = normalizeClientIp(request.ip);
    const session = await provider.auth.handleCallback(
      request.url,
      transaction,
      clientIp ? { clientIp } : {},
    );
    return { provider, session, returnTo: returnToOf(setup.options, transaction.returnTo), cookies: [clear] };
  } catch (error) {
    throw attachCookies(error, [clear]);
  }
}

function transactionCookie(
  setup: EngineSetup,
  request: WebRequest,
  provider: WebProvider,
  path: string,
): Omit<SetCookie, 'value'> {
  const secure = isSecure(setup.options, request);
  return {
    name: cookieNameFor(transactionCookieBase(provider.name), secure, path),
    path,
    httpOnly: true,
    sameSite: 'Lax',
    secure,
  };
}
