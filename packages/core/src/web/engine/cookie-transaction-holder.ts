import type { AuthorizationTransaction } from '../../grants/authorization-code.js';
import { cookieNameFor, readCookie, type SetCookie } from '../cookies.js';
import type { Sealer } from '../sealer.js';
import { asTransaction, transactionCookieBase } from '../transaction-cookie.js';
import type { HeldTransaction, TransactionContext, TransactionHolder } from './transaction-holder.js';

/** What the sealed-cookie holder reads: the request's `Cookie` header, and how to seal. */
export interface CookieTransactionHolderOptions {
  sealer: Sealer;
  /** Epoch ms. */
  clock: () => number;
  /** The request's `Cookie` header. */
  cookieHeader: string | undefined;
  /** The name in `ils_tx_<name>`; default the provider's name in the engine (`context.name`). */
  name?: string;
  /** The cookie's whole base name instead of `ils_tx_<name>` (`__Secure-` still goes in front when Secure). */
  baseName?: string;
}

/**
 * The default holder: the transaction sealed (AES-256-GCM, bound to the cookie's name and expiry) in an
 * httpOnly, SameSite=Lax cookie sent only to the callback path, living as long as the sign-in may take.
 * One per provider and browser: a second sign-in in another tab replaces the first. The callback clears it.
 */
export function cookieTransactionHolder(options: CookieTransactionHolderOptions): TransactionHolder {
  const { sealer, clock, cookieHeader } = options;
  const cookieOf = (context: TransactionContext): Omit<SetCookie, 'value'> => {
    const { callbackPath: path, secure } = context;
    const base = cookieToken(options.baseName ?? transactionCookieBase(options.name ?? context.name));
    return { name: cookieNameFor(base, secure, path), path, httpOnly: true, sameSite: 'Lax', secure };
  };
  return {
    async keep(transaction: AuthorizationTransaction, context: TransactionContext) {
      const cookie = cookieOf(context);
      const { maxAgeSeconds } = context;
      const value = sealer.seal({ ...transaction }, cookie.name, clock() + maxAgeSeconds * 1000);
      return [{ ...cookie, value, maxAgeSeconds }];
    },
    async take(context: TransactionContext): Promise<HeldTransaction> {
      const cookie = cookieOf(context);
      const sealed = readCookie(cookieHeader, cookie.name);
      const transaction = asTransaction(sealer.unseal(sealed, cookie.name, clock()), context.provider);
      return { transaction, cookies: [{ ...cookie, value: '', maxAgeSeconds: 0 }] };
    },
  };
}

/** A cookie name is an RFC 6265 token; a strategy name may hold `:` (NestJS's per-module names). */
function cookieToken(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}
