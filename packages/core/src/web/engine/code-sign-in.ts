import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { callbackParams } from '../../grants/parse-callback.js';
import { normalizeClientIp } from '../client-ip.js';
import { attachCookies } from '../error-cookies.js';
import type { WebRequest } from '../web-request.js';
import { checkAuthorizationExtras } from './authorization-extras.js';
import {
  holderFor,
  type StartCodeSignInOptions,
  transactionContext,
  type VerifyCodeSignInOptions,
} from './code-sign-in-options.js';
import { type EngineSetup, providerNamed } from './engine-setup.js';
import { absoluteUrl, returnToOf } from './request-site.js';
import type { SignedIn } from './signed-in.js';
import { signInRedirect, type WebRedirect } from './web-redirect.js';

/**
 * Starts a code-flow sign-in: a 302 to the provider's login page, and the transaction (state, PKCE
 * verifier, nonce, returnTo) left with its holder: by default sealed in an httpOnly cookie that only the
 * callback path receives and that lives as long as the transaction may (see `TransactionHolder`). `redirectUri` (the adapter's callback route) may be a path on this
 * site or an absolute URL; a provider's configured `redirectUri` takes its place, an absolute one sent
 * exactly as written, since providers compare it character for character with the registered one. A
 * provider configured by `issuer` takes its endpoints from the server's metadata: the first sign-in waits
 * for it (read once, then cached), so a patron arriving right after start-up is not turned away.
 */
export async function startCodeSignIn(
  setup: EngineSetup,
  request: WebRequest,
  name: string,
  options: StartCodeSignInOptions,
): Promise<WebRedirect> {
  const provider = providerNamed(setup, name);
  const extras = checkAuthorizationExtras(setup.owner, options);
  await provider.auth.ready();
  const configured = provider.redirectUri;
  const redirectUri =
    configured && /^https?:\/\//i.test(configured)
      ? configured
      : absoluteUrl(setup.options, request, configured ?? options.redirectUri);
  const scopes = extras.scopes ?? provider.scopes;
  const params = { ...provider.authorizationParams, ...extras.params };
  const { url, transaction } = provider.auth.authorizationUrl({
    redirectUri,
    returnTo: returnToOf(setup.options, options.returnTo),
    ...(scopes ? { scopes } : {}),
    ...(Object.keys(params).length > 0 ? { params } : {}),
  });
  const path = new URL(redirectUri).pathname;
  const context = transactionContext(setup, request, provider, { redirectUri, path });
  const cookies = await holderFor(setup, request, options.holder).keep(transaction, context);
  return signInRedirect(302, url, [...cookies]);
}

/**
 * Verifies a code-flow callback: takes the transaction from its holder (a cookie holder's cookie is cleared
 * whatever happens), lets core check `state` (and `iss`) and mark the transaction used atomically in the store before the code leaves the
 * process (two deliveries of one callback exchange the code once), and returns the new session. A callback
 * without a live transaction is `state_mismatch`. No hook runs and no session cookie is written here.
 */
export async function verifyCodeSignIn(
  setup: EngineSetup,
  request: WebRequest,
  name: string,
  options: VerifyCodeSignInOptions = {},
): Promise<SignedIn> {
  const provider = providerNamed(setup, name);
  const redirectUri = options.redirectUri && absoluteUrl(setup.options, request, options.redirectUri);
  const path = new URL(redirectUri ?? request.url, 'http://callback.invalid').pathname;
  const state = callbackParams(request.url).get('state');
  const context = transactionContext(setup, request, provider, { redirectUri, path, state });
  const { transaction, cookies } = await holderFor(setup, request, options.holder).take(context);
  const clear = [...cookies];
  if (!transaction)
    throw attachCookies(
      new IlsAuthError(
        'state_mismatch',
        'no sign-in is in progress in this browser (it expired or was already used); start again',
        { provider: provider.descriptor.id, status: 400 },
      ),
      clear,
    );
  try {
    const clientIp = normalizeClientIp(request.ip);
    const session = await provider.auth.handleCallback(
      request.url,
      transaction,
      clientIp ? { clientIp } : {},
    );
    return { provider, session, returnTo: returnToOf(setup.options, transaction.returnTo), cookies: clear };
  } catch (error) {
    throw attachCookies(error, clear);
  }
}
