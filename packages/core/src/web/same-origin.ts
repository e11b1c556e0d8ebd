import { IlsAuthError } from '../errors/ils-auth-error.js';
import { headerOf, type WebRequest } from './web-request.js';

/**
 * Refuses sign-in and sign-out posts sent by other sites (login CSRF: an auto-submitting form signs the
 * victim into the attacker's account; SameSite=Lax protects a session cookie, not a form that creates one).
 * The browser's own word is taken in order of strength:
 * 1. `Origin`: must be this site's origin or one of `trustedOrigins` (`null`, sent by sandboxed frames and
 *    some redirects, is refused);
 * 2. else `Sec-Fetch-Site`: `same-origin` and `none` (typed or bookmarked) pass, `same-site` and
 *    `cross-site` do not (a sibling subdomain is not this site);
 * 3. else `Referer`: its origin must be ours or trusted.
 * A request with none of the three comes from no browser (curl, a server): there is no victim to protect.
 */
export function assertSameOrigin(
  request: WebRequest,
  siteOrigin: string,
  trustedOrigins: readonly string[] = [],
): void {
  const allowed = (origin: string) => origin === siteOrigin || trustedOrigins.includes(origin);
  const origin = headerOf(request, 'origin');
  if (origin !== undefined) {
    if (allowed(origin)) return;
    throw crossSite();
  }
  const site = headerOf(request, 'sec-fetch-site');
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return;
    throw crossSite();
  }
  const referer = headerOf(request, 'referer');
  if (referer !== undefined) {
    if (allowed(originOf(referer))) return;
    throw crossSite();
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

function crossSite(): IlsAuthError {
  return new IlsAuthError(
    'cross_site_request',
    'sign-in and sign-out requests from other sites are refused',
    {
      status: 403,
      retryable: false,
    },
  );
}
