/**
 * What a synchronous read answers when it cannot answer at once (the store is not in this process, or the
 * case needs store writes): the caller takes its usual asynchronous way. Every guarded request reads the
 * browser's sessions; with the in-process store those reads need no promise, and the promises, async
 * frames and the hop they cost were most of the guard's own work (bench/README.md, benchmark 2).
 */
export const NOT_AT_ONCE: unique symbol = Symbol('not at once');

export type AtOnce<T> = T | typeof NOT_AT_ONCE;
