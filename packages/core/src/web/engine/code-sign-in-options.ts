import { headerOf, type WebRequest } from '../web-request.js';
import type { AuthorizationExtras } from './authorization-extras.js';
import { cookieTransactionHolder } from './cookie-transaction-holder.js';
import type { EngineSetup } from './engine-setup.js';
import { isSecure } from './request-site.js';
import type { TransactionContext, TransactionHolder } from './transaction-holder.js';
import type { WebProvider } from './web-provider.js';

/** The start step's options: the adapter's callback route, and what this one sign-in may choose. */
export interface StartCodeSignInOptions extends AuthorizationExtras {
  /** The adapter's callback route: a path on this site or an absolute URL. */
  redirectUri: string;
  /** Untrusted: checked by core's return-path rule. */
  returnTo?: unknown;
  /** Where the transaction waits for the callback; default the sealed cookie. */
  holder?: TransactionHolder;
}

/** The callback step's options: the holder the start step used, and the callback URL if the adapter has one. */
export interface VerifyCodeSignInOptions {
  holder?: TransactionHolder;
  /** The adapter's callback URL (absolute or a path); default the request's own path. */
  redirectUri?: string;
}

/** The holder for this request: the one given, else core's sealed cookie. */
export function holderFor(
  setup: EngineSetup,
  request: WebRequest,
  holder: TransactionHolder | undefined,
): TransactionHolder {
  return (
    holder ??
    cookieTransactionHolder({
      sealer: setup.sealer,
      clock: setup.options.clock,
      cookieHeader: headerOf(request, 'cookie'),
    })
  );
}

/** What the holder is told: the redirect URI (absolute) when known, else the callback path alone. */
export function transactionContext(
  setup: EngineSetup,
  request: WebRequest,
  provider: WebProvider,
  callback: { redirectUri?: string; path: string; state?: string | null },
): TransactionContext {
  const { state } = callback;
  return {
    name: provider.name,
    provider: provider.descriptor.id,
    callbackPath: callback.path,
    ...(callback.redirectUri === undefined ? {} : { redirectUri: callback.redirectUri }),
    maxAgeSeconds: provider.transactionMaxAgeSeconds,
    secure: isSecure(setup.options, request),
    ...(state === null || state === undefined ? {} : { state }),
  };
}
