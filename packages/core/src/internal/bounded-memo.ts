/**
 * A per-process memo of a pure function of a string: what the hot paths (every guarded request, every
 * API call) would otherwise compute again and again from the same few inputs (a session id's store key, a
 * cookie header's session entries, a client address). Bounded: when full, the oldest entry goes, so a
 * stream of distinct inputs costs memory up to `max` entries and never more. Values must not be changed
 * by callers (freeze objects), since every caller with the same input gets the same value.
 */
export class BoundedMemo<V> {
  readonly #entries = new Map<string, V>();
  readonly #max: number;
  readonly #compute: (input: string) => V;

  constructor(max: number, compute: (input: string) => V) {
    this.#max = max;
    this.#compute = compute;
  }

  get(input: string): V {
    const known = this.#entries.get(input);
    if (known !== undefined || this.#entries.has(input)) return known as V;
    const value = this.#compute(input);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(input, value);
    return value;
  }
}
