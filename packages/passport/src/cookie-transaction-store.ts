import type { AuthorizationTransaction } from '@ils-auth/core';
import { IlsAuthError } from '@ils-auth/core';
import {
  asTransaction,
  checkSecret,
  cookieNameFor,
  createSealer,
  readCookie,
  type Sealer,
  type SetCookie,
  serializeSetCookie,
  transactionCookieBase,
} from '@ils-auth/core/web';
import type { TransactionContext, TransactionStore } from './transaction-store.js';
import type { StrategyRequest } from './web-request.js';

export interface CookieTransactionStoreOptions {
  /** At least 32 characters; an array rotates secrets (the first seals, all open). */
  secret: string | readonly string[];
  /** Default core's `ils_tx_<strategy name>`; `__Secure-` is put in front when the cookie is Secure. */
  name?: string;
  /** Add `Secure` (and the `__Secure-` prefix); default: the strategy's `secureCookies` for the request. */
  secure?: boolean;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
  /** Named in the `config_invalid` error of a bad secret (the strategy's name). */
  owner?: string;
}

/**
 * Keeps the transaction in the browser without a server-side session, sealed by core's versioned
 * AES-256-GCM sealer in an httpOnly, SameSite=Lax cookie that lives as long as the sign-in may take and is
 * sent only to the callback path. The callback clears it; a copy of it replayed later is refused by core's
 * single-use claim in the store before any provider call.
 */
export class CookieTransactionStore implements TransactionStore {
  readonly #sealer: Sealer;
  readonly #name: string | undefined;
  readonly #secure: boolean | undefined;
  readonly #clock: () => number;

  constructor(options: CookieTransactionStoreOptions) {
    this.#sealer = createSealer(checkSecret(options.owner ?? 'CookieTransactionStore', options.secret));
    this.#name = options.name === undefined ? undefined : cookieSafeName(options.name);
    this.#secure = options.secure;
    this.#clock = options.clock ?? Date.now;
  }

  async save(req: StrategyRequest, transaction: AuthorizationTransaction, context: TransactionContext) {
    const cookie = this.#cookie(context);
    const expiresAt = this.#clock() + context.maxAgeSeconds * 1000;
    const value = this.#sealer.seal({ ...transaction }, cookie.name, expiresAt);
    appendSetCookie(req, { ...cookie, value, maxAgeSeconds: context.maxAgeSeconds });
  }

  async take(req: StrategyRequest, context: TransactionContext) {
    const cookie = this.#cookie(context);
    const sealed = readCookie(req.headers.cookie, cookie.name);
    if (sealed === undefined) return undefined;
    appendSetCookie(req, { ...cookie, value: '', maxAgeSeconds: 0 });
    return asTransaction(this.#sealer.unseal(sealed, cookie.name, this.#clock()), context.provider);
  }

  #cookie(context: TransactionContext): Omit<SetCookie, 'value'> {
    const url = new URL(context.redirectUri);
    const path = url.pathname || '/';
    const secure = this.#secure ?? context.secure;
    const base = this.#name ?? transactionCookieBase(cookieSafeName(context.strategy));
    return { name: cookieNameFor(base, secure, path), path, httpOnly: true, sameSite: 'Lax', secure };
  }
}

/** Strategy names may hold `:` (NestJS's per-module names); a cookie name is an RFC 6265 token. */
function cookieSafeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Adds a `Set-Cookie` header without dropping those set by others (express-session, the app). */
function appendSetCookie(req: StrategyRequest, cookie: SetCookie): void {
  const res = req.res;
  if (!res || typeof res.setHeader !== 'function') {
    throw new IlsAuthError(
      'config_invalid',
      'the sealed-cookie transaction store needs the response as req.res (Express sets it); use a session store otherwise',
      { retryable: false },
    );
  }
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...list, serializeSetCookie(cookie)]);
}
