import { httpStatusFor, isIlsAuthError } from '@ils-auth/core';
import { type SetCookie, serializeSetCookie, type WebRedirect } from '@ils-auth/core/web';
import type { Response } from 'express';

/** Adds cookies to the answer, keeping any `Set-Cookie` the app or another middleware already wrote. */
export function appendCookies(res: Response, cookies: readonly SetCookie[]): void {
  for (const cookie of cookies) res.append('Set-Cookie', serializeSetCookie(cookie));
}

/** Writes a redirect of the web layer: its cookies, its headers (`Cache-Control: no-store`) and status. */
export function sendRedirect(res: Response, redirect: WebRedirect): void {
  appendCookies(res, redirect.cookies);
  res.set(redirect.headers);
  res.redirect(redirect.status, redirect.location);
}

/** An error for `next()`: an IlsAuthError gets our answer's `status`, so Express's own handler uses it too. */
export function forExpress(error: unknown): unknown {
  if (!isIlsAuthError(error)) return error;
  const status = httpStatusFor(error);
  return error.status === status ? error : error.with({ status });
}
