import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

export interface Issued<T> {
  token: string;
  value: T;
  expiresAt: number;
}

// Past this many live entries, expired ones are swept on the next issue: bounded memory, cheap path.
const SWEEP_THRESHOLD = 10_000;

/**
 * Opaque random strings (tokens, codes) mapped to what they stand for, each with an expiry on the
 * emulator clock. Revocation is deletion, so a revoked token and an unknown one look the same.
 */
export class TokenBook<T> {
  #entries = new Map<string, Issued<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly bytes = 32,
    /** How a token looks, for systems whose clients check its form (Symphony's UUIDs). */
    private readonly generate = () => randomBytes(this.bytes).toString('base64url'),
  ) {}

  issue(value: T, lifetimeMs: number): Issued<T> {
    if (this.#entries.size >= SWEEP_THRESHOLD) this.#sweep();
    const issued = {
      token: this.generate(),
      value,
      expiresAt: this.clock.now() + lifetimeMs,
    };
    this.#entries.set(issued.token, issued);
    return issued;
  }

  /** The live entry for a token; undefined when unknown, revoked or expired. */
  find(token: string | undefined): Issued<T> | undefined {
    if (token === undefined) return undefined;
    const issued = this.#entries.get(token);
    if (!issued) return undefined;
    if (this.clock.now() >= issued.expiresAt) {
      this.#entries.delete(token);
      return undefined;
    }
    return issued;
  }

  /** Finds and deletes in one step: single-use codes. */
  take(token: string | undefined): Issued<T> | undefined {
    const issued = this.find(token);
    if (issued) this.#entries.delete(issued.token);
    return issued;
  }

  revoke(token: string | undefined): void {
    if (token !== undefined) this.#entries.delete(token);
  }

  clear(): void {
    this.#entries.clear();
  }

  #sweep(): void {
    const now = this.clock.now();
    for (const [token, issued] of this.#entries) if (now >= issued.expiresAt) this.#entries.delete(token);
  }
}
