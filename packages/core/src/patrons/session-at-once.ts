import type { AtOnce } from '../internal/at-once.js';
import { NOT_AT_ONCE } from '../internal/at-once.js';
import type { PatronAuth } from './patron-auth.js';
import type { PatronSession } from './patron-session.js';

type ReadSessionAtOnce = (sessionId: string) => AtOnce<PatronSession | undefined>;

// Kept beside each PatronAuth that core made, not on it: the public object stays as documented.
const readers = new WeakMap<PatronAuth, ReadSessionAtOnce>();

/** Records how core's `auth` reads a session without a promise (see `readAtOnce`). */
export function readSessionsAtOnce(auth: PatronAuth, read: ReadSessionAtOnce): void {
  readers.set(auth, read);
}

/**
 * `auth.getSession(sessionId)` without a promise when its store answers at once; `NOT_AT_ONCE` otherwise
 * (another store, or a `PatronAuth` core did not make), and the caller awaits `getSession`.
 */
export function sessionAtOnce(auth: PatronAuth, sessionId: string): AtOnce<PatronSession | undefined> {
  const read = readers.get(auth);
  return read === undefined ? NOT_AT_ONCE : read(sessionId);
}
