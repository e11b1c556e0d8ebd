import type { ServerResponse } from 'node:http';

/**
 * What a handler answers. Handlers return a Reply instead of writing to the socket, so that one place
 * (the request pipeline) writes every response, records its status and never writes twice.
 */
export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

/** Tells a Reply from the value a check returns when it passes (a client, a parsed request). */
export function isReply(value: object): value is Reply {
  return typeof (value as Partial<Reply>).status === 'number';
}

export function jsonReply(
  status: number,
  value: unknown,
  contentType = 'application/json',
  headers: Record<string, string | string[]> = {},
): Reply {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body: JSON.stringify(value) };
}

export function htmlReply(
  status: number,
  html: string,
  headers: Record<string, string | string[]> = {},
): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // Login and consent pages must not be framed (clickjacking), as on the real servers.
      'Content-Security-Policy': "frame-ancestors 'self';",
      'Cache-Control': 'no-store',
      ...headers,
    },
    body: html,
  };
}

export function redirectReply(location: string, headers: Record<string, string | string[]> = {}): Reply {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', ...headers } };
}

export function emptyReply(status: number, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers };
}

/** Writes a Reply; a response already sent or a socket already gone is left alone. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const body = reply.body ?? '';
  res.statusCode = reply.status;
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  // 204 and 304 must not carry a body or a length.
  if (reply.status !== 204 && reply.status !== 304) res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(reply.status === 204 || reply.status === 304 ? undefined : body);
}

/** A plain-text answer, as FOLIO's modules give their errors. */
export function textReply(
  status: number,
  text: string,
  headers: Record<string, string | string[]> = {},
): Reply {
  return { status, headers: { 'Content-Type': 'text/plain', ...headers }, body: text };
}
