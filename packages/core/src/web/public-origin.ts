import { IlsAuthError } from '../errors/ils-auth-error.js';
import { headerOf, type WebRequest } from './web-request.js';

// A DNS name, an IPv4 address or a bracketed IPv6 address, and an optional port: nothing else may reach a
// redirect URI (`evil.com#`, `a@b`, `x/y`, spaces and control characters are refused).
const HOST =
  /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::\d{1,5})?$/;

/** Which `Host` values may stand for the site when no `origin` is configured. */
export type AllowedHosts = readonly string[] | 'any';

// Loopback names: a development machine or a test, where the site has no public name yet.
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;

/**
 * The site's public origin (`https://catalogue.example.org`), from which redirect URIs are built and
 * against which sign-in posts are checked. The configured `origin` always wins. Without it the request's
 * `Host` is used only when it is well formed and trusted: one of `allowedHosts`, any well-formed host with
 * `allowedHosts: 'any'` (behind a proxy that sets `Host` itself), and by default a loopback host only, so
 * that development works unconfigured while a deployed site never builds a redirect URI from a header any
 * client can write. A `Host` that fails is a 400 (`invalid_request`), never a redirect to wherever it points.
 */
export function publicOrigin(
  request: WebRequest,
  configured: string | undefined,
  allowedHosts?: AllowedHosts,
): string {
  if (configured) return configured;
  const host = headerOf(request, 'host')?.toLowerCase();
  if (!host || host.length > 261 || !HOST.test(host) || !portInRange(host))
    throw badHost('the request has no usable Host header');
  const trusted =
    allowedHosts === 'any' || (allowedHosts ? allowedHosts.includes(host) : LOOPBACK.test(host));
  if (!trusted)
    throw badHost(
      allowedHosts
        ? 'the request is for a host this site does not serve'
        : 'the request is for a host this site was not configured for: set `origin` (or `allowedHosts`)',
    );
  return `${request.secure ? 'https' : 'http'}://${host}`;
}

function portInRange(host: string): boolean {
  const port = /:(\d+)$/.exec(host.startsWith('[') ? host.slice(host.indexOf(']')) : host)?.[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

function badHost(message: string): IlsAuthError {
  return new IlsAuthError('invalid_request', message, { status: 400, retryable: false });
}

/** Checks an `origin` option once and returns it in canonical form (`https://host[:port]`). */
export function parseOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === 'null') return undefined;
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return undefined;
  return url.origin;
}
