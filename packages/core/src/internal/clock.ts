/** Milliseconds since the epoch. Injected so tests and benchmarks can move time without sleeping. */
export type Clock = () => number;

/**
 * Wall-clock milliseconds with sub-millisecond resolution: deciding whether a token was issued after
 * another was handed out must not end in a tie when both happen within the same millisecond.
 */
export const systemClock: Clock = () => performance.timeOrigin + performance.now();
