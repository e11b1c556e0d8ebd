import { type SetCookie, serializeSetCookie, type WebRedirect } from '@ils-auth/core/web';
import type { IlsAuthPlatformResponse, IlsAuthReply, IlsAuthResponse } from './http-types.js';

/** Fastify's reply keeps its headers until it sends: core's answers are written through it, not `raw`. */
function isFastifyReply(res: IlsAuthPlatformResponse): res is IlsAuthReply {
  return 'raw' in res && typeof (res as IlsAuthReply).code === 'function';
}

/** Adds `Set-Cookie` headers without dropping those set by others (the app, another guard). */
export function appendCookies(res: IlsAuthPlatformResponse, cookies: readonly SetCookie[]): void {
  if (cookies.length === 0) return;
  const values = cookies.map(serializeSetCookie);
  // Fastify's reply.header() appends Set-Cookie values; Node's setHeader() replaces them.
  if (isFastifyReply(res)) return void res.header('set-cookie', values);
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...list, ...values]);
}

export function setHeaders(res: IlsAuthPlatformResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) setHeader(res, name, value);
}

function setHeader(res: IlsAuthPlatformResponse, name: string, value: string): void {
  if (isFastifyReply(res)) res.header(name, value);
  else res.setHeader(name, value);
}

/** True once the answer has gone out (another filter, the handler): nothing more may be written. */
export function isSent(res: IlsAuthPlatformResponse): boolean {
  return isFastifyReply(res) ? res.sent || res.raw.headersSent : (res as IlsAuthResponse).headersSent;
}

/** Answers with a status and an optional body (already serialised, with its `Content-Type` set). */
export function send(res: IlsAuthPlatformResponse, status: number, body?: string): void {
  if (isFastifyReply(res)) {
    res.code(status);
    res.send(body);
  } else {
    res.statusCode = status;
    res.end(body);
  }
}

/** Answers with core's redirect: its status, `Location`, headers (`Cache-Control: no-store`) and cookies. */
export function sendRedirect(res: IlsAuthPlatformResponse, redirect: WebRedirect): void {
  setHeaders(res, { ...redirect.headers, location: redirect.location });
  appendCookies(res, redirect.cookies);
  send(res, redirect.status);
}

/** Answers with JSON (the exception filter's error bodies). */
export function sendJson(res: IlsAuthPlatformResponse, status: number, body: unknown): void {
  setHeader(res, 'content-type', 'application/json; charset=utf-8');
  send(res, status, JSON.stringify(body));
}
