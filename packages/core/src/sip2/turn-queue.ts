import { performance } from 'node:perf_hooks';
import type { IlsAuthError } from '../errors/ils-auth-error.js';
import { LazyDeadline } from './lazy-deadline.js';

interface Waiter {
  /** `performance.now()` time after which the waiter is refused. */
  readonly deadline: number;
  resolve(): void;
  reject(error: IlsAuthError): void;
}

/**
 * Sign-ins waiting for a pooled connection, first come first served, each until its own deadline. All
 * deadlines share one lazily moved timer: under load nearly every pooled sign-in waits (its connection is
 * still ending the last patron's session), and a timer created and cleared per wait cost about as much as
 * the rest of the wait's bookkeeping. The timer keeps the process alive only while someone waits.
 */
export class TurnQueue {
  readonly #waiters: Waiter[] = [];
  readonly #expired: () => IlsAuthError;
  readonly #timer = new LazyDeadline(() => this.#refuseExpired(), { referenced: false });
  /** The deadline the timer is set for; infinite when nobody waits. */
  #dueAt = Number.POSITIVE_INFINITY;

  /** `expired()` makes the error a waiter gets when its deadline passes. */
  constructor(expired: () => IlsAuthError) {
    this.#expired = expired;
  }

  /** Resolves when woken, rejects with `expired()` once `deadline` (`performance.now()` time) has passed. */
  wait(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#waiters.length === 0) this.#timer.referenced(true);
      this.#waiters.push({ deadline, resolve, reject });
      if (deadline < this.#dueAt) this.#setDue(deadline);
    });
  }

  /** The longest waiting goes on. */
  wakeNext(): void {
    const waiter = this.#waiters.shift();
    if (!waiter) return;
    if (this.#waiters.length === 0) this.#idle();
    waiter.resolve();
  }

  wakeAll(): void {
    const waiters = this.#waiters.splice(0);
    this.#idle();
    for (const waiter of waiters) waiter.resolve();
  }

  #refuseExpired(): void {
    const now = performance.now();
    const refused: Waiter[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (let index = this.#waiters.length - 1; index >= 0; index -= 1) {
      const waiter = this.#waiters[index] as Waiter;
      if (waiter.deadline <= now) refused.push(...this.#waiters.splice(index, 1));
      else next = Math.min(next, waiter.deadline);
    }
    if (this.#waiters.length === 0) this.#idle();
    else this.#setDue(next);
    for (const waiter of refused.reverse()) waiter.reject(this.#expired());
  }

  #setDue(deadline: number): void {
    this.#dueAt = deadline;
    this.#timer.setIn(Math.max(0, deadline - performance.now()));
  }

  /** Nobody waits: nothing due, and the timer (still armed, to be moved later) does not hold the process. */
  #idle(): void {
    this.#dueAt = Number.POSITIVE_INFINITY;
    this.#timer.cancel();
    this.#timer.referenced(false);
  }
}
