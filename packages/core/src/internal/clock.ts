/** Milliseconds since the epoch. Injected so tests and benchmarks can move time without sleeping. */
export type Clock = () => number;

/**
 * Wall-clock epoch milliseconds, whole numbers, as `Date.now()`: session times are stored, compared across
 * processes and shown to applications, so they must be the time the system clock tells, not
 * `performance.timeOrigin + performance.now()`, a monotonic clock that drifts away from it (and gives
 * fractions) the longer a process runs.
 */
export const systemClock: Clock = () => Date.now();
