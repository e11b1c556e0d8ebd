import { IlsAuthError } from '../errors/ils-auth-error.js';
import { type AtOnce, NOT_AT_ONCE } from '../internal/at-once.js';
import { fingerprint } from '../internal/hash.js';
import type { PatronSession } from '../patrons/patron-session.js';
import { deleteRemembered, readRemembered, readRememberedAtOnce } from '../patrons/remembered-read.js';
import type { TokenStore } from '../store/token-store.js';

const MAX_USER_BYTES = 8 * 1024;
// A session the provider can renew has no fixed end; its user is kept this long after each sign-in.
const RENEWABLE_SESSION_USER_MS = 30 * 24 * 3600 * 1000;

/**
 * The application's user that a `signIn` callback mapped a patron to, kept in the store beside the core
 * session (as JSON, under a fingerprint of the session id) and read back on every request of that session.
 */
export class SessionUsers {
  readonly #store: TokenStore;
  readonly #keyPrefix: string;
  readonly #clock: () => number;

  constructor(store: TokenStore, keyPrefix: string, clock: () => number) {
    this.#store = store;
    this.#keyPrefix = keyPrefix;
    this.#clock = clock;
  }

  async save(session: PatronSession, user: unknown): Promise<void> {
    if (user === undefined) return;
    let json: string | undefined;
    try {
      json = JSON.stringify(user);
    } catch {
      json = undefined;
    }
    if (json === undefined || Buffer.byteLength(json) > MAX_USER_BYTES)
      throw new IlsAuthError(
        'config_invalid',
        `the signIn callback's user must be JSON of at most ${MAX_USER_BYTES} bytes (it is kept with the session)`,
        { retryable: false, status: 500 },
      );
    const left = session.expiresAt - this.#clock();
    const ttlMs = Math.max(1000, session.refreshable ? Math.max(left, RENEWABLE_SESSION_USER_MS) : left);
    await this.#store.set(this.#key(session.id), json, ttlMs);
  }

  /**
   * The user kept for a session. During a store outage it follows the sessions' rule: the value this
   * process read recently, else `store_unavailable` (503): never undefined for a user the store could not
   * read, which would take the patron for signed out.
   */
  async load(sessionId: string): Promise<unknown> {
    const json = await readRemembered(this.#store, this.#key(sessionId), this.#clock(), "a session's user", {
      rememberMisses: true,
    });
    return parseUser(json);
  }

  /** `load` without a promise, when the store answers at once (see `readAtOnce`). */
  loadAtOnce(sessionId: string): AtOnce<unknown> {
    const json = readRememberedAtOnce(this.#store, this.#key(sessionId), this.#clock(), {
      rememberMisses: true,
    });
    return json === NOT_AT_ONCE ? json : parseUser(json);
  }

  /** Deleted with its session; during an outage, ended in this process at least (see `deleteRemembered`). */
  async delete(sessionId: string): Promise<void> {
    await deleteRemembered(this.#store, this.#key(sessionId), this.#clock(), "a session's user");
  }

  #key(sessionId: string): string {
    return `${this.#keyPrefix}:web:user:${fingerprint(sessionId)}`;
  }
}

function parseUser(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
