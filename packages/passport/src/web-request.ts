import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type AllowedHosts, normalizeClientIp, publicOrigin, type WebRequest } from '@ils-auth/core/web';

/**
 * What the strategies read from a request. Express (and Nest on Express) provide all of it; plain Node
 * requests lack `body`, `ip` and `res`, and the strategies say so instead of guessing. Every optional
 * property also takes `undefined`, as Express declares them (`ip: string | undefined`), so that a strategy
 * passes `passport.use()` in projects with `exactOptionalPropertyTypes`.
 */
export interface StrategyRequest extends IncomingMessage {
  body?: unknown;
  query?: unknown;
  session?: object | undefined;
  ip?: string | undefined;
  originalUrl?: string | undefined;
  res?: ServerResponse | undefined;
  app?: { get?(setting: string): unknown } | undefined;
}

/** The site's origin as the web layer needs it: configured, or the request's validated `Host`. */
export interface OriginSettings {
  origin: string | undefined;
  allowedHosts: AllowedHosts | undefined;
  /**
   * `true`: believe `X-Forwarded-Proto`/`-Host` (passport-oauth2's `proxy`); `false`: only the socket and
   * `Host`; undefined: as the app's Express `trust proxy` setting says.
   */
  proxy: boolean | undefined;
}

/**
 * The web layer's view of a request. `req.ip` follows Express's `trust proxy`; behind a trusted proxy
 * (or with `proxy: true`) the forwarded host and protocol stand in for the socket's, and the host is then
 * checked by `publicOrigin` like any `Host` before it reaches a redirect URI or a same-origin check.
 */
export function toWebRequest(req: StrategyRequest, proxy: boolean | undefined): WebRequest {
  const trusted = proxy ?? Boolean(req.app?.get?.('trust proxy'));
  const forwarded = (name: string) => {
    if (!trusted) return undefined;
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
  };
  const forwardedHost = forwarded('x-forwarded-host');
  const encrypted = Boolean((req.socket as TLSSocket | undefined)?.encrypted);
  const secure = (forwarded('x-forwarded-proto') ?? (encrypted ? 'https' : 'http')) === 'https';
  return {
    method: req.method ?? 'GET',
    url: req.originalUrl ?? req.url ?? '/',
    headers: forwardedHost ? { ...req.headers, host: forwardedHost } : req.headers,
    ip: clientIpOf(req),
    secure,
  };
}

/** An absolute URL on this site: a path resolves against the configured origin or the validated `Host`. */
export function absoluteUrl(req: StrategyRequest, pathOrUrl: string, site: OriginSettings): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return new URL(pathOrUrl).href;
  const origin = publicOrigin(toWebRequest(req, site.proxy), site.origin, site.allowedHosts);
  return new URL(pathOrUrl, origin).href;
}

/** The patron's IP as Express resolved it under `trust proxy` (`req.ip`), else the socket's; normalised. */
export function clientIpOf(req: StrategyRequest): string | undefined {
  return normalizeClientIp(typeof req.ip === 'string' ? req.ip : req.socket?.remoteAddress);
}
