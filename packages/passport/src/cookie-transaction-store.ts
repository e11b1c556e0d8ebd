import type { AuthorizationTransaction } from '@ils-auth/core';
import { IlsAuthError } from '@ils-auth/core';
import { appendSetCookie, cookieSafeName, readCookie, serializeCookie } from './cookies.js';
import type { StrategyRequest } from './request-info.js';
import { createSealer, type Sealer } from './sealer.js';
import { asTransaction, type TransactionContext, type TransactionStore } from './transaction-store.js';

export interface CookieTransactionStoreOptions {
  /** At least 32 characters; an array rotates secrets (the first seals, all open). */
  secret: string | readonly string[];
  /** Default `ils_auth_tx_<strategy name>`. */
  name?: string;
  /** Add `Secure`; default: when the callback URL is https. */
  secure?: boolean;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
  /** Named in the `config_invalid` error of a bad secret (the strategy's name). */
  owner?: string;
}

/**
 * Keeps the transaction in the browser without a server-side session: an AES-256-GCM sealed, httpOnly,
 * SameSite=Lax cookie that lives as long as the sign-in may take and is sent only to the callback path.
 * The callback always clears it, so a replayed callback finds no transaction.
 */
export class CookieTransactionStore implements TransactionStore {
  readonly #sealer: Sealer;
  readonly #name: string | undefined;
  readonly #secure: boolean | undefined;

  constructor(options: CookieTransactionStoreOptions) {
    this.#sealer = createSealer(options.secret, { clock: options.clock, owner: options.owner });
    this.#name = options.name === undefined ? undefined : cookieSafeName(options.name);
    this.#secure = options.secure;
  }

  async save(req: StrategyRequest, transaction: AuthorizationTransaction, context: TransactionContext) {
    const name = this.#cookieName(context);
    const value = this.#sealer.seal(
      { ...transaction },
      { purpose: name, maxAgeSeconds: context.maxAgeSeconds },
    );
    appendSetCookie(
      responseOf(req),
      serializeCookie(name, value, { ...this.#scope(context), maxAge: context.maxAgeSeconds }),
    );
  }

  async take(req: StrategyRequest, context: TransactionContext) {
    const name = this.#cookieName(context);
    const sealed = readCookie(req, name);
    if (sealed === undefined) return undefined;
    appendSetCookie(responseOf(req), serializeCookie(name, '', { ...this.#scope(context), maxAge: 0 }));
    return asTransaction(this.#sealer.unseal(sealed, { purpose: name }));
  }

  #cookieName(context: TransactionContext): string {
    return this.#name ?? `ils_auth_tx_${cookieSafeName(context.strategy)}`;
  }

  #scope(context: TransactionContext) {
    const url = new URL(context.redirectUri);
    return { path: url.pathname || '/', secure: this.#secure ?? url.protocol === 'https:' };
  }
}

function responseOf(req: StrategyRequest) {
  if (!req.res || typeof req.res.setHeader !== 'function') {
    throw new IlsAuthError(
      'config_invalid',
      'the sealed-cookie transaction store needs the response as req.res (Express sets it); use a session store otherwise',
      { retryable: false },
    );
  }
  return req.res;
}
