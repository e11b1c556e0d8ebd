import type { AuthorizationTransaction } from '../../grants/authorization-code.js';
import type { SetCookie } from '../cookies.js';

/** What a holder knows about the code-flow sign-in whose transaction it keeps. */
export interface TransactionContext {
  /** The provider's name in the engine (`sierra`): names the sealed cookie. */
  name: string;
  /** The provider's id (the descriptor's): a transaction read back must belong to it. */
  provider: string;
  /** The path the provider sends the patron back to; a cookie holder limits its cookie to it. */
  callbackPath: string;
  /**
   * The absolute redirect URI: always when the sign-in starts; on the callback only when the adapter
   * named its callback URL (the request's own URL is not resolved against a `Host` here).
   */
  redirectUri?: string;
  /** How long the patron may take on the provider's pages. */
  maxAgeSeconds: number;
  /** Whether cookies of this sign-in are `Secure` (the `secureCookies` option for this request). */
  secure: boolean;
  /** On the callback: its `state` parameter, when it has one (a holder of several picks by it). */
  state?: string;
}

/** What a holder gives back on the callback: the transaction (if any) and the cookies to write. */
export interface HeldTransaction {
  transaction: AuthorizationTransaction | undefined;
  /** The holder's cookies to set (a cleared transaction cookie); none for a server-side holder. */
  cookies: readonly SetCookie[];
}

/**
 * Where a code-flow transaction (state, PKCE verifier, nonce, returnTo) waits between the redirect to the
 * provider and the callback. The default is core's sealed cookie (`cookieTransactionHolder`); a
 * server-side session holds several at once (`sessionTransactionHolder`, two tabs signing in together),
 * and an application may bring its own. A holder is made per request.
 *
 * `take` should forget what it returns. Single use does not rest on it: the engine's callback step claims
 * each transaction atomically in the store before the code is exchanged, so a second delivery or a
 * replayed copy is refused whatever a holder returns. A holder must keep the transaction where the
 * browser cannot read it (sealed, or server-side): the PKCE verifier is a secret.
 */
export interface TransactionHolder {
  /** Keeps the transaction; answers the cookies to set (none for a server-side holder). */
  keep(transaction: AuthorizationTransaction, context: TransactionContext): Promise<readonly SetCookie[]>;
  take(context: TransactionContext): Promise<HeldTransaction>;
}
