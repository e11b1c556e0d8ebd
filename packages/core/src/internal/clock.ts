/** Milliseconds since the epoch. Injected so tests and benchmarks can move time without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
