import type { SetCookie } from '../cookies.js';
import { asciiLocation } from '../return-to.js';
import { SIGN_IN_HEADERS } from '../sign-in-headers.js';

/** A redirect to answer, as data: each adapter writes status, headers and cookies its own way. */
export interface WebRedirect {
  status: 302 | 303;
  location: string;
  headers: Readonly<Record<string, string>>;
  cookies: SetCookie[];
}

/** A redirect of a sign-in route: never cached, its location in ASCII. */
export function signInRedirect(status: 302 | 303, location: string, cookies: SetCookie[]): WebRedirect {
  return { status, location: asciiLocation(location), headers: SIGN_IN_HEADERS, cookies };
}
