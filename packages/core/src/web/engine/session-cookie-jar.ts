import { cookieNameFor, readCookie, type SetCookie } from '../cookies.js';
import { formatSessionCookie, parseSessionCookie, type SessionCookieValue } from '../session-cookie.js';
import type { WebRequest } from '../web-request.js';
import { headerOf } from '../web-request.js';
import type { EngineSetup } from './engine-setup.js';
import { isSecure } from './request-site.js';

/** The session cookie's name for this request (`__Host-` prefixed when Secure). */
export function sessionCookieName(setup: EngineSetup, request: WebRequest): string {
  return cookieNameFor(setup.options.cookieName, isSecure(setup.options, request), '/');
}

/** The cookie's well-formed `<provider name>.<session id>` entries, one per configured provider at most. */
export function readSessionEntries(setup: EngineSetup, request: WebRequest): SessionCookieValue[] {
  return parseSessionCookie(
    readCookie(headerOf(request, 'cookie'), sessionCookieName(setup, request)),
    setup.providers,
  );
}

/** The session cookie holding `entries`, or the one that clears it when there are none. */
export function sessionCookieOf(
  setup: EngineSetup,
  request: WebRequest,
  entries: readonly SessionCookieValue[],
): SetCookie {
  return entries.length
    ? sessionCookie(setup, request, formatSessionCookie(entries))
    : clearSessionCookie(setup, request);
}

/** The cookie that removes the session cookie (every provider's entry) from the browser. */
export function clearSessionCookie(setup: EngineSetup, request: WebRequest): SetCookie {
  return sessionCookie(setup, request, '', 0);
}

function sessionCookie(
  setup: EngineSetup,
  request: WebRequest,
  value: string,
  maxAgeSeconds?: number,
): SetCookie {
  const secure = isSecure(setup.options, request);
  // No Max-Age on a live session cookie: the session's life is decided by the store.
  return {
    name: cookieNameFor(setup.options.cookieName, secure, '/'),
    value,
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
  };
}
