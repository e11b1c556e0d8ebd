import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * What the strategies read from a request. Express (and Nest on Express) provide all of it; plain Node
 * requests lack `body`, `ip` and `res`, and the strategies say so instead of guessing.
 */
export interface StrategyRequest extends IncomingMessage {
  body?: unknown;
  query?: unknown;
  session?: object;
  ip?: string;
  originalUrl?: string;
  protocol?: string;
  res?: ServerResponse;
  app?: { get?(setting: string): unknown };
}

/** The request's own absolute URL, as passport-oauth2's `originalURL()` builds it. */
export function requestUrl(req: StrategyRequest, trustProxy: boolean | undefined): URL {
  const trust = trustProxy ?? Boolean(req.app?.get?.('trust proxy'));
  const forwardedProto = trust ? firstHeaderValue(req.headers['x-forwarded-proto']) : undefined;
  const encrypted = Boolean((req.socket as TLSSocket | undefined)?.encrypted);
  const protocol = forwardedProto ?? (encrypted ? 'https' : 'http');
  const host = (trust ? firstHeaderValue(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
  if (!host) throw new TypeError('the request has no Host header');
  return new URL(req.originalUrl ?? req.url ?? '/', `${protocol}://${host}`);
}

/** A relative `callbackURL` resolves against the request's URL; an absolute one is used as it is. */
export function resolveCallbackUrl(callbackURL: string, req: StrategyRequest, trustProxy?: boolean): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(callbackURL)) return new URL(callbackURL).href;
  return new URL(callbackURL, requestUrl(req, trustProxy)).href;
}

/**
 * The patron's IP for providers that want it (Sierra's `X-Forwarded-For`). Express's `req.ip` honours the
 * app's `trust proxy` setting; anything that is not an IP address is not forwarded.
 */
export function clientIpOf(req: StrategyRequest): string | undefined {
  const ip = typeof req.ip === 'string' ? req.ip : req.socket?.remoteAddress;
  return ip && isIP(ip) ? ip : undefined;
}

function firstHeaderValue(value: string | string[] | undefined): string | undefined {
  const first = (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/**
 * The query of the request, reading parameters after a second `?` too: Sierra appends `?code=…&state=…`
 * even to a callback URL that already has a query.
 */
export function callbackParams(req: StrategyRequest): URLSearchParams {
  const raw = req.originalUrl ?? req.url ?? '';
  const start = raw.indexOf('?');
  if (start === -1) return new URLSearchParams();
  return new URLSearchParams(
    raw
      .slice(start + 1)
      .split('#')[0]!
      .replaceAll('?', '&'),
  );
}
