import { normalizeClientIp } from '../client-ip.js';
import { publicOrigin } from '../public-origin.js';
import { safeReturnTo } from '../return-to.js';
import type { ResolvedWebOptions } from '../web-options.js';
import type { WebRequest } from '../web-request.js';
import type { WebProvider } from './web-provider.js';

/** The site's origin for this request: configured, or from a validated `Host` (else 400). */
export function siteOrigin(options: ResolvedWebOptions, request: WebRequest): string {
  return publicOrigin(request, options.origin, options.allowedHosts);
}

/** An absolute URL on this site for `pathOrUrl` (a path resolves against the site's origin). */
export function absoluteUrl(options: ResolvedWebOptions, request: WebRequest, pathOrUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return new URL(pathOrUrl).href;
  return new URL(pathOrUrl, siteOrigin(options, request)).href;
}

/** Whether this request's cookies are `Secure`: configured, or (`'auto'`) as the request came in. */
export function isSecure(options: ResolvedWebOptions, request: WebRequest): boolean {
  const { secureCookies } = options;
  return secureCookies === 'auto' ? request.secure === true : secureCookies;
}

/** A return path from untrusted input, or the configured default. */
export function returnToOf(options: ResolvedWebOptions, value: unknown, fallback?: string): string {
  return safeReturnTo(value, fallback ?? options.defaultReturnTo);
}

/** The client IP to forward to `provider`, for providers that want it (Sierra's `X-Forwarded-For`). */
export function forwardedFor(request: WebRequest, provider: WebProvider): string | undefined {
  return provider.descriptor.forwardsClientIp ? normalizeClientIp(request.ip) : undefined;
}
