import type { RequestContext } from '../shared/request-context.js';

export const ACCESS_COOKIE = 'folioAccessToken';
export const REFRESH_COOKIE = 'folioRefreshToken';

/**
 * A token cookie as mod-login writes it (Vert.x over Netty's encoder): `Max-Age` and `Expires`, the
 * access token for the whole API (`Path=/`) and the refresh token only for `/authn`, always `Secure` and
 * `HTTPOnly`. SameSite is Lax under Okapi and None under Eureka (their defaults).
 */
export function tokenCookie(
  name: string,
  value: string,
  maxAgeSeconds: number,
  expiresAt: number,
  sameSite: 'Lax' | 'None',
): string {
  const path = name === REFRESH_COOKIE ? '/authn' : '/';
  const expires = new Date(expiresAt).toUTCString();
  return `${name}=${value}; Max-Age=${maxAgeSeconds}; Expires=${expires}; Path=${path}; Secure; HTTPOnly; SameSite=${sameSite}`;
}

/** Both cookies cleared by a past date, exactly as mod-login's logout writes them. */
export function clearedCookies(): string[] {
  const expired = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  return [
    `${ACCESS_COOKIE}=; SameSite=None; Secure; Path=/; ${expired}`,
    `${REFRESH_COOKIE}=; SameSite=None; Secure; Path=/authn; ${expired}`,
  ];
}

/** Every value a `Cookie` header gives one name: mod-login refuses a refresh cookie sent twice. */
export function cookieValues(ctx: RequestContext, name: string): string[] {
  const values: string[] = [];
  const header = ctx.req.headers.cookie;
  for (const part of (Array.isArray(header) ? header.join(';') : (header ?? '')).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}
