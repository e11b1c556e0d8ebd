import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';

export interface EvergreenSession {
  userId: number;
  type: string;
  /** The idle timeout of the login type, in seconds (`authtime`). */
  authtime: number;
  /** Emulator time after which the session is gone unless used again. */
  expiresAt: number;
}

/**
 * Authtokens with an idle timeout: each use that resets it (`session.retrieve`, any authenticated call)
 * gives the session its full `authtime` again from now, as `_oilsAuthResetTimeout` does.
 */
export class SessionBook {
  #sessions = new Map<string, EvergreenSession>();

  constructor(private readonly clock: Clock) {}

  create(userId: number, type: string, authtime: number): { token: string; session: EvergreenSession } {
    this.#sweep();
    const token = randomBytes(16).toString('hex');
    const session = { userId, type, authtime, expiresAt: this.clock.now() + authtime * 1000 };
    this.#sessions.set(token, session);
    return { token, session };
  }

  /** The live session of a token, its idle timeout reset unless `reset` is false. */
  use(token: unknown, reset = true): EvergreenSession | undefined {
    if (typeof token !== 'string') return undefined;
    const session = this.#sessions.get(token);
    if (!session) return undefined;
    const now = this.clock.now();
    if (now >= session.expiresAt) {
      this.#sessions.delete(token);
      return undefined;
    }
    if (reset) session.expiresAt = now + session.authtime * 1000;
    return session;
  }

  delete(token: unknown): void {
    if (typeof token === 'string') this.#sessions.delete(token);
  }

  clear(): void {
    this.#sessions.clear();
  }

  #sweep(): void {
    if (this.#sessions.size < 10_000) return;
    const now = this.clock.now();
    for (const [token, session] of this.#sessions) if (now >= session.expiresAt) this.#sessions.delete(token);
  }
}
