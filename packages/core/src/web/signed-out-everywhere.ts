import { createHmac } from 'node:crypto';
import { type AtOnce, NOT_AT_ONCE } from '../internal/at-once.js';
import { BoundedMemo } from '../internal/bounded-memo.js';
import type { PatronSession } from '../patrons/patron-session.js';
import { readAtOnce } from '../store/memory-store.js';
import { isStoreUnavailable } from '../store/store-unavailable.js';
import type { TokenStore } from '../store/token-store.js';

/**
 * How long a "log out everywhere" is remembered. A session started before it and still alive after this
 * (only a session the provider keeps renewing can be) would count as signed in again.
 */
export const SIGNED_OUT_EVERYWHERE_DAYS = 400;

const MAX_REMEMBERED_KEYS = 10_000;

/**
 * "Log out everywhere": ends every session of one patron, in every browser, without a list of them (a
 * token store cannot be searched). The moment of the sign-out is stored under a keyed hash of the patron
 * (provider + patron id, so the store holds no patron id); a session that started at or before it is
 * ended the next time any browser presents it. Sessions are checked where the web layer reads them: an
 * application that calls core's `PatronAuth` with a session id it kept itself must check `signedOutAt`.
 */
export class SignedOutEverywhere {
  readonly #store: TokenStore;
  readonly #keyPrefix: string;
  readonly #hmacKey: Buffer;
  readonly #clock: () => number;
  // Every guarded request asks: an HMAC each time would be most of the guard's own work.
  readonly #keys: BoundedMemo<string>;
  readonly #keysOfSessions = new WeakMap<PatronSession, string>();

  constructor(store: TokenStore, secret: string, keyPrefix: string, clock: () => number) {
    this.#store = store;
    this.#keyPrefix = keyPrefix;
    this.#hmacKey = createHmac('sha256', secret).update('ils-auth signed out everywhere').digest();
    this.#clock = clock;
    this.#keys = new BoundedMemo(MAX_REMEMBERED_KEYS, (patron) => {
      const digest = createHmac('sha256', this.#hmacKey).update(patron).digest('base64url').slice(0, 32);
      return `${this.#keyPrefix}:web:signed-out:${digest}`;
    });
  }

  /** Marks every session of this patron that exists now as over; a later sign-in is not affected. */
  async signOut(session: PatronSession): Promise<void> {
    const key = this.#key(session);
    if (!key) return;
    await this.#store.set(key, String(this.#clock()), SIGNED_OUT_EVERYWHERE_DAYS * 24 * 3600 * 1000);
  }

  /**
   * True when the patron signed out everywhere after this session started. While the store cannot answer,
   * false: the session itself was then served from a record this process read within the outage grace
   * (see `readSessionRecord`), when no such mark stopped it; a mark made during the outage applies once
   * the store is back.
   */
  async isOver(session: PatronSession): Promise<boolean> {
    const key = this.#key(session);
    if (!key) return false;
    let stored: string | undefined;
    try {
      stored = await this.#store.get(key);
    } catch (error) {
      if (isStoreUnavailable(error)) return false;
      throw error;
    }
    return signedOutAfterStart(session, stored);
  }

  /** `isOver` without a promise, when the store answers at once (see `readAtOnce`). */
  isOverAtOnce(session: PatronSession): AtOnce<boolean> {
    const key = this.#key(session);
    if (!key) return false;
    const stored = readAtOnce(this.#store, key);
    return stored === NOT_AT_ONCE ? stored : signedOutAfterStart(session, stored);
  }

  /** No key for a session without a patron id: there is no "everywhere" to find it by. */
  #key(session: PatronSession): string | undefined {
    if (!session.patronId) return undefined;
    // Core hands out one frozen session object per stored record, so a guarded request finds its key by
    // the object; the string memo behind it (joining provider and id, then hashing the join) only when
    // the object is new.
    if (Object.isFrozen(session)) {
      let key = this.#keysOfSessions.get(session);
      if (key === undefined) {
        key = this.#keys.get(`${session.provider}\n${session.patronId}`);
        this.#keysOfSessions.set(session, key);
      }
      return key;
    }
    return this.#keys.get(`${session.provider}\n${session.patronId}`);
  }
}

/** The stored moment of a "log out everywhere" is at or after the session's start. */
function signedOutAfterStart(session: PatronSession, stored: string | undefined): boolean {
  const at = Number(stored);
  return Number.isFinite(at) && at > 0 && session.createdAt <= at;
}
