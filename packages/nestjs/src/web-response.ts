import { type SetCookie, serializeSetCookie, type WebRedirect } from '@ils-auth/core/web';
import type { IlsAuthResponse } from './http-types.js';

/** Adds `Set-Cookie` headers without dropping those set by others (the app, another guard). */
export function appendCookies(res: IlsAuthResponse, cookies: readonly SetCookie[]): void {
  if (cookies.length === 0) return;
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...list, ...cookies.map(serializeSetCookie)]);
}

export function setHeaders(res: IlsAuthResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** Answers with core's redirect: its status, `Location`, headers (`Cache-Control: no-store`) and cookies. */
export function sendRedirect(res: IlsAuthResponse, redirect: WebRedirect): void {
  setHeaders(res, redirect.headers);
  appendCookies(res, redirect.cookies);
  res.statusCode = redirect.status;
  res.setHeader('location', redirect.location);
  res.end();
}
