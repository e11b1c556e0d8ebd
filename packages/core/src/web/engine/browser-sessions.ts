import type { PatronSession } from '../../patrons/patron-session.js';
import type { SetCookie } from '../cookies.js';
import type { SessionCookieValue } from '../session-cookie.js';
import type { WebRequest } from '../web-request.js';
import type { EngineSetup } from './engine-setup.js';
import { sessionCookieOf } from './session-cookie-jar.js';
import type { WebProvider } from './web-provider.js';

/** One provider's live session in this browser. */
export interface CurrentSession {
  provider: WebProvider;
  session: PatronSession;
}

/** What the browser's session cookie stands for on this request. */
export interface CurrentSessions {
  /** The live sessions, in the order the providers are configured. */
  sessions: CurrentSession[];
  /** Names of the providers whose session in the cookie is over: a re-sign-in goes to these. */
  ended: string[];
  /** The cookie without the ended entries, to write when some ended (else none). */
  cookies: SetCookie[];
}

/**
 * The live sessions of the cookie's entries, one per provider. A session that is over (expired, signed
 * out, or older than its patron's "log out everywhere") is deleted from the store and reported in `ended`,
 * with the cookie that drops it. During a store outage core's session rules apply (a session read recently
 * in this process holds for its grace period, else `store_unavailable`): never "signed out" by an outage.
 */
export async function currentSessions(
  setup: EngineSetup,
  request: WebRequest,
  entries: readonly SessionCookieValue[],
): Promise<CurrentSessions> {
  // Nearly every request carries one session: no Promise.all, filters or sort on that path.
  if (entries.length === 1) {
    const current = await liveSession(setup, entries[0]!);
    if (current) return { sessions: [current], ended: [], cookies: [] };
    return { sessions: [], ended: [entries[0]!.provider], cookies: [sessionCookieOf(setup, request, [])] };
  }
  const found = await Promise.all(entries.map((entry) => liveSession(setup, entry)));
  const live = entries.filter((_, index) => found[index]);
  const ended = entries.filter((_, index) => !found[index]).map((entry) => entry.provider);
  const sessions = found
    .filter((current): current is CurrentSession => current !== undefined)
    .sort((a, b) => setup.order.indexOf(a.provider.name) - setup.order.indexOf(b.provider.name));
  return { sessions, ended, cookies: ended.length ? [sessionCookieOf(setup, request, live)] : [] };
}

async function liveSession(
  setup: EngineSetup,
  entry: SessionCookieValue,
): Promise<CurrentSession | undefined> {
  const provider = setup.providers.get(entry.provider)!;
  const session = await provider.auth.getSession(entry.sessionId);
  if (session && !(await setup.signedOutEverywhere.isOver(session))) return { provider, session };
  if (session) await forgetSession(setup, provider, entry.sessionId, true);
  return undefined;
}

/**
 * Ends one of `provider`'s sessions and drops its user. A cookie entry only names a session: unless the
 * caller just read it (`owned`), it is checked to be this name's, so a swapped entry (`sierra.<id>` of a
 * `card` session) ends nothing and leaves the other session its user.
 */
export async function forgetSession(
  setup: EngineSetup,
  provider: WebProvider,
  sessionId: string,
  owned = false,
): Promise<void> {
  if (!owned && !(await provider.auth.getSession(sessionId))) return;
  await Promise.all([provider.auth.logout(sessionId), setup.users.delete(sessionId)]);
}
