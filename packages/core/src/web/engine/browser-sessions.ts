import { type AtOnce, NOT_AT_ONCE } from '../../internal/at-once.js';
import type { PatronSession } from '../../patrons/patron-session.js';
import { sessionAtOnce } from '../../patrons/session-at-once.js';
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
  // Nearly every request carries one session: no Promise.all on that path.
  const found =
    entries.length === 1
      ? [await liveSession(setup, entries[0]!)]
      : await Promise.all(entries.map((entry) => liveSession(setup, entry)));
  return sessionsFound(setup, request, entries, found);
}

/**
 * `currentSessions` without a promise when every answer is at hand: the store answers at once (see
 * `readAtOnce`) and no session has to be ended in it. `NOT_AT_ONCE` otherwise: the caller awaits
 * `currentSessions`, which reads again (reads change nothing).
 */
export function currentSessionsAtOnce(
  setup: EngineSetup,
  request: WebRequest,
  entries: readonly SessionCookieValue[],
): AtOnce<CurrentSessions> {
  const found: (CurrentSession | undefined)[] = [];
  for (const entry of entries) {
    const current = liveSessionAtOnce(setup, entry);
    if (current === NOT_AT_ONCE) return current;
    found.push(current);
  }
  return sessionsFound(setup, request, entries, found);
}

/** The cookie's entries sorted into live sessions and ended providers; `found[i]` is `entries[i]`'s. */
function sessionsFound(
  setup: EngineSetup,
  request: WebRequest,
  entries: readonly SessionCookieValue[],
  found: readonly (CurrentSession | undefined)[],
): CurrentSessions {
  // Nearly every request carries one session: no filters or sort on that path.
  if (entries.length === 1) {
    const current = found[0];
    if (current) return { sessions: [current], ended: [], cookies: [] };
    return { sessions: [], ended: [entries[0]!.provider], cookies: [sessionCookieOf(setup, request, [])] };
  }
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

function liveSessionAtOnce(
  setup: EngineSetup,
  entry: SessionCookieValue,
): AtOnce<CurrentSession | undefined> {
  const provider = setup.providers.get(entry.provider)!;
  const session = sessionAtOnce(provider.auth, entry.sessionId);
  if (session === NOT_AT_ONCE || session === undefined) return session;
  // A session over since a "log out everywhere" is ended in the store: the asynchronous way's work.
  return setup.signedOutEverywhere.isOverAtOnce(session) === false ? { provider, session } : NOT_AT_ONCE;
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
