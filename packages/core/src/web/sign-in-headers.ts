/**
 * Headers of every answer that starts, finishes or ends a sign-in. `no-store`: a sign-in answer carries a
 * new session cookie or a transaction, and a shared cache (or the back button) must never replay it.
 */
export const SIGN_IN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
});
