import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { normalizeClientIp, type WebRequest } from '@ils-auth/core/web';

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
  /** What Passport's login put there (Passport declares it as `Express.User`). */
  user?: unknown;
}

/**
 * The web layer's view of a request. `req.ip` follows Express's `trust proxy`; the forwarded host and
 * protocol stand in for the `Host` and the socket's only when the app's trust-proxy rules trust the peer
 * (see `trustsPeer`), and the host is then checked by `publicOrigin` like any `Host` before it reaches a
 * redirect URI or a same-origin check.
 */
export function toWebRequest(req: StrategyRequest): WebRequest {
  const trusted = trustsPeer(req);
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

/**
 * Whether the peer is a proxy the app trusts, asked as Express asks it for `req.protocol` and `req.host`:
 * the app's compiled `trust proxy` function, given the socket's address (hop 0). A setting such as
 * `'loopback'` is a list of addresses, not a yes: a client from elsewhere is no proxy of ours, whatever
 * headers it writes. Without Express (a plain Node request) no peer is trusted.
 */
function trustsPeer(req: StrategyRequest): boolean {
  const trust = req.app?.get?.('trust proxy fn');
  return typeof trust === 'function' && trust(req.socket?.remoteAddress, 0) === true;
}

/** The patron's IP as Express resolved it under `trust proxy` (`req.ip`), else the socket's; normalised. */
export function clientIpOf(req: StrategyRequest): string | undefined {
  return normalizeClientIp(typeof req.ip === 'string' ? req.ip : req.socket?.remoteAddress);
}
