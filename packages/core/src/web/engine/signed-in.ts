import type { PatronSession } from '../../patrons/patron-session.js';
import type { SetCookie } from '../cookies.js';
import type { WebProvider } from './web-provider.js';

/**
 * A verified sign-in: the provider accepted the patron and core made the session (its tokens are in the
 * store), but no hook has run and no session cookie is written yet.
 */
export interface SignedIn {
  provider: WebProvider;
  session: PatronSession;
  /** Where the patron was going (checked: a path on this site). */
  returnTo: string;
  /** Cookies to write whatever happens next (a code sign-in's used transaction, cleared). */
  cookies: SetCookie[];
}
