/**
 * A per-process memo of a pure function of a string: what the hot paths (every guarded request, every
 * API call) would otherwise compute again and again from the same few inputs (a session id's store key, a
 * cookie header's session entries, a client address). Bounded: when full, the oldest entry goes, so a
 * stream of distinct inputs costs memory up to `max` entries and never more. Values must not be changed
 * by callers (freeze objects), since every caller with the same input gets the same value.
 */
export class BoundedMemo<V> {
  readonly #entries = new Map<string, V>();
  /**
   * The inputs in the order they came, as a ring: the next slot holds the oldest. Not
   * `#entries.keys().next()`: a Map keeps its deleted entries as holes until it is rebuilt, and that
   * iterator walks past every one of them, thousands per miss in a full memo of session keys (a sign-in
   * always misses).
   */
  readonly #order: string[] = [];
  #next = 0;
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
    if (this.#order.length >= this.#max) this.#entries.delete(this.#order[this.#next] as string);
    this.#order[this.#next] = input;
    this.#next = (this.#next + 1) % this.#max;
    this.#entries.set(input, value);
    return value;
  }
}
