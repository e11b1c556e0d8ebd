import type { AuthorizationTransaction } from '@ils-auth/core';
import { IlsAuthError } from '@ils-auth/core';
import {
  checkSecret,
  cookieTransactionHolder,
  createSealer,
  type Sealer,
  type SetCookie,
  serializeSetCookie,
  type TransactionHolder,
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
 * Keeps the transaction in the browser without a server-side session: core's sealed-cookie holder
 * (AES-256-GCM, httpOnly, SameSite=Lax, sent only to the callback path, as long-lived as the sign-in may
 * be), its cookies written on `req.res`. The callback clears it; a copy of it replayed later is refused by
 * core's single-use claim in the store before any provider call.
 */
export class CookieTransactionStore implements TransactionStore {
  readonly #sealer: Sealer;
  readonly #name: string | undefined;
  readonly #secure: boolean | undefined;
  readonly #clock: () => number;

  constructor(options: CookieTransactionStoreOptions) {
    this.#sealer = createSealer(checkSecret(options.owner ?? 'CookieTransactionStore', options.secret));
    this.#name = options.name;
    this.#secure = options.secure;
    this.#clock = options.clock ?? Date.now;
  }

  async save(req: StrategyRequest, transaction: AuthorizationTransaction, context: TransactionContext) {
    appendSetCookies(req, await this.#holder(req, context).keep(transaction, this.#context(context)));
  }

  async take(req: StrategyRequest, context: TransactionContext) {
    const { transaction, cookies } = await this.#holder(req, context).take(this.#context(context));
    appendSetCookies(req, cookies);
    return transaction;
  }

  #holder(req: StrategyRequest, context: TransactionContext): TransactionHolder {
    return cookieTransactionHolder({
      sealer: this.#sealer,
      clock: this.#clock,
      cookieHeader: req.headers.cookie,
      name: context.strategy,
      ...(this.#name === undefined ? {} : { baseName: this.#name }),
    });
  }

  #context(context: TransactionContext): TransactionContext {
    return this.#secure === undefined ? context : { ...context, secure: this.#secure };
  }
}

/** Adds `Set-Cookie` headers without dropping those set by others (express-session, the app). */
function appendSetCookies(req: StrategyRequest, cookies: readonly SetCookie[]): void {
  const res = req.res;
  if (!res || typeof res.setHeader !== 'function') {
    throw new IlsAuthError(
      'config_invalid',
      'the sealed-cookie transaction store needs the response as req.res (Express sets it); use a session store otherwise',
      { retryable: false },
    );
  }
  if (cookies.length === 0) return;
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...list, ...cookies.map(serializeSetCookie)]);
}
