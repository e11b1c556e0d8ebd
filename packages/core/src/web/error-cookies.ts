import type { SetCookie } from './cookies.js';

const COOKIES = Symbol.for('@ils-auth/core.web.cookies');

/**
 * A failed sign-in still has cookies to write (its transaction, cleared): they ride on the error, out of
 * sight of `JSON.stringify` and `util.inspect`, and the shim writes them before answering the error.
 */
export function attachCookies(error: unknown, cookies: SetCookie[]): unknown {
  if (typeof error === 'object' && error !== null)
    Object.defineProperty(error, COOKIES, {
      value: [...cookiesOf(error), ...cookies],
      enumerable: false,
      configurable: true,
    });
  return error;
}

/** Cookies that a failed web-layer call wants written (the cleared transaction), if any. */
export function cookiesOf(error: unknown): SetCookie[] {
  const cookies =
    typeof error === 'object' && error !== null ? (error as Record<symbol, unknown>)[COOKIES] : undefined;
  return Array.isArray(cookies) ? (cookies as SetCookie[]) : [];
}
