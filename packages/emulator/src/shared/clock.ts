/**
 * The emulator's clock: real time plus an offset that tests move forward, so tokens and codes can
 * expire without anyone waiting an hour. It only moves forward: a test cannot bring a token back.
 */
export class Clock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(seconds: number): void {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`advance(seconds): expected a finite number >= 0, got ${String(seconds)}`);
    }
    this.#offsetMs += seconds * 1000;
  }
}
