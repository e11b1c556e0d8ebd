export interface RequestLogEntry {
  method: string;
  /** The path without its query string: queries can carry codes and tokens (`?access_token=`). */
  path: string;
  /** A stable name such as `sierra.token`; `<system>.unknown` for paths the emulator does not serve. */
  endpoint: string;
  /** The status answered; 0 while in flight or when the connection was reset on purpose. */
  status: number;
  /** Emulator clock (epoch ms) when the request arrived. */
  at: number;
  /** Headers clients are expected to send, kept so their tests can assert them. Never `Authorization`. */
  headers: { userAgent?: string; forwardedFor?: string };
}

// Enough for any test; a long-running demo must not grow without bound.
const MAX_ENTRIES = 10_000;

/**
 * Every request an emulator served, newest last. Counts per endpoint are kept apart from the entries
 * so that `tokenRequests()` stays exact after old entries have been dropped.
 */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #counts = new Map<string, number>();
  readonly #tokenEndpoints: ReadonlySet<string>;

  constructor(tokenEndpoints: Iterable<string>) {
    this.#tokenEndpoints = new Set(tokenEndpoints);
  }

  /** Records a request as it arrives (so counts are right even before it is answered). */
  start(entry: Omit<RequestLogEntry, 'status'>): RequestLogEntry {
    const recorded: RequestLogEntry = { ...entry, status: 0 };
    this.#entries.push(recorded);
    // Trimmed in one go once twice over the bound, not by one entry per request: dropping the oldest entry
    // of a full log moves all the others, which under a benchmark's load cost more than answering.
    if (this.#entries.length >= 2 * MAX_ENTRIES) this.#entries = this.#entries.slice(-MAX_ENTRIES);
    this.#counts.set(entry.endpoint, (this.#counts.get(entry.endpoint) ?? 0) + 1);
    return recorded;
  }

  entries(): RequestLogEntry[] {
    return this.#entries.slice(-MAX_ENTRIES).map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  byEndpoint(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** Requests to one endpoint, or to all token endpoints when none is named. */
  tokenRequests(endpoint?: string): number {
    if (endpoint !== undefined) return this.#counts.get(endpoint) ?? 0;
    let total = 0;
    for (const name of this.#tokenEndpoints) total += this.#counts.get(name) ?? 0;
    return total;
  }

  clear(): void {
    this.#entries = [];
    this.#counts.clear();
  }
}
