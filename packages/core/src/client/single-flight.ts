/**
 * Deduplicates concurrent work by key: while a promise for a key is pending, every caller gets that promise.
 * This is what turns 1,000 concurrent cold-cache calls into one token request.
 */
export class SingleFlight<T> {
  readonly #pending = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const started = work().finally(() => {
      if (this.#pending.get(key) === started) this.#pending.delete(key);
    });
    this.#pending.set(key, started);
    return started;
  }

  has(key: string): boolean {
    return this.#pending.has(key);
  }
}

const flightsByStore = new WeakMap<object, SingleFlight<never>>();

/**
 * The flight registry of one store. A slot is identified by its store and key, so keepers of the same
 * slot (two clients, two requests of one patron) share refreshes while unrelated stores never do.
 */
export function flightsFor<T>(store: object): SingleFlight<T> {
  let flights = flightsByStore.get(store);
  if (!flights) {
    flights = new SingleFlight<never>();
    flightsByStore.set(store, flights);
  }
  return flights as unknown as SingleFlight<T>;
}
