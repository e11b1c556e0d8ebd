import { performance } from 'node:perf_hooks';

/**
 * A deadline that runs `onDue` once it passes, on one timer that is moved lazily: setting a later due time
 * (every message's answer timeout, every release's keep-alive) costs no timer operation; the timer, when
 * it fires early, arms itself again for what is left. A SIP2 exchange takes microseconds on loopback, and a
 * timer created and cleared per message cost more than the rest of the exchange's bookkeeping.
 */
export class LazyDeadline {
  readonly #onDue: () => void;
  #due = Number.POSITIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #referenced: boolean;

  constructor(onDue: () => void, options: { referenced: boolean }) {
    this.#onDue = onDue;
    this.#referenced = options.referenced;
  }

  /** Due `ms` from now, replacing any earlier due time. */
  setIn(ms: number): void {
    const due = performance.now() + ms;
    this.#due = due;
    if (due < this.#timerAt) {
      clearTimeout(this.#timer);
      this.#arm(ms);
    }
  }

  /** Nothing due; the timer, if armed, fires once more and finds nothing to do. */
  cancel(): void {
    this.#due = Number.POSITIVE_INFINITY;
  }

  /** Nothing due and no timer: for an owner that is gone. */
  stop(): void {
    this.cancel();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  /** Whether the timer keeps the process alive (as a message waiting for its answer should). */
  referenced(yes: boolean): void {
    this.#referenced = yes;
    if (yes) this.#timer?.ref();
    else this.#timer?.unref();
  }

  #arm(ms: number): void {
    this.#timerAt = performance.now() + ms;
    this.#timer = setTimeout(() => this.#fire(), Math.max(1, Math.ceil(ms)));
    if (!this.#referenced) this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.#due === Number.POSITIVE_INFINITY) return;
    const left = this.#due - performance.now();
    if (left > 0) {
      this.#arm(left);
      return;
    }
    this.#due = Number.POSITIVE_INFINITY;
    this.#onDue();
  }
}
