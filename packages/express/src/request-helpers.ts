import { IlsAuthError } from '@ils-auth/core';
import type { Request } from 'express';

/** The caller wants JSON back: it sent JSON, or prefers JSON to HTML (`Accept: application/json`). */
export function wantsJson(req: Request): boolean {
  return Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
}

/** A browser navigating to a page: a GET or HEAD that does not prefer JSON. */
export function isPageRequest(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !wantsJson(req);
}

/** The end user's IP as Express sees it (mind `trust proxy`), IPv4-mapped IPv6 written as plain IPv4. */
export function clientIpOf(req: Request): string | undefined {
  const ip = req.ip;
  if (!ip) return undefined;
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** The site's origin: configured, or from the request (needs `trust proxy` behind a TLS-terminating proxy). */
export function publicOrigin(req: Request, configured: string | undefined): string {
  if (configured) return configured;
  const host = req.get('host');
  if (!host || /[\s/\\@]/.test(host))
    throw new IlsAuthError('invalid_request', 'the request has no usable Host header', { status: 400 });
  return `${req.protocol}://${host}`;
}

/**
 * Refuses sign-in and sign-out posts from other sites (login CSRF: signing a victim into the attacker's
 * account). SameSite=Lax protects the session cookie, not a form that creates one, so the browser's
 * `Sec-Fetch-Site` and `Origin` headers are checked; requests without either (curl, old browsers) pass.
 */
export function assertSameOrigin(req: Request, configured: string | undefined): void {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const crossSite =
    site === 'cross-site' || (origin !== undefined && origin !== publicOrigin(req, configured));
  if (crossSite)
    throw new IlsAuthError('invalid_request', 'sign-in and sign-out requests from other sites are refused', {
      status: 400,
    });
}

/** `path` with one query parameter added. */
export function withQuery(path: string, name: string, value: string): string {
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}
