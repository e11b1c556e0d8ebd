/** A failure queued for the next matching request(s). */
export interface Fault {
  /** Match by endpoint name as in the request log, e.g. `sierra.token`. */
  endpoint?: string;
  /** Match by path prefix, e.g. `/oauth-patron/`. With neither, any request matches. */
  path?: string;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Status to answer; default 500, or 200 when only a `body` is given. */
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Raw body to send instead of the system's error body (malformed JSON, HTML, a 200 with an error). */
  body?: string;
  contentType?: string;
  /** Reset the connection without answering. */
  reset?: boolean;
  /** Hang this long first (client timeouts). Alone, the request is then answered normally. */
  delayMs?: number;
  /**
   * Answer (400 unless `status` says otherwise) with an error that echoes the request's credentials in
   * every form: `Authorization` header, raw body, each field decoded and percent-encoded. For redaction tests.
   */
  echo?: boolean;
  /**
   * Answer the status (default 200) and headers at once, then the body (`body`, or spaces without end) a
   * byte every this many milliseconds: a provider whose body never quite arrives, for body deadlines.
   */
  trickleMs?: number;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

const FAULT_KEYS = new Set([
  'endpoint',
  'path',
  'times',
  'status',
  'retryAfter',
  'body',
  'contentType',
  'reset',
  'delayMs',
  'echo',
  'trickleMs',
]);

/** Checks a fault from code or from the admin endpoint's JSON; throws a TypeError naming the field. */
export function validateFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('fault: expected an object');
  }
  const fault = input as Record<string, unknown>;
  for (const key of Object.keys(fault)) {
    if (!FAULT_KEYS.has(key)) throw new TypeError(`fault.${key}: unknown field`);
  }
  for (const key of ['endpoint', 'path', 'body', 'contentType'] as const) {
    if (fault[key] !== undefined && typeof fault[key] !== 'string') {
      throw new TypeError(`fault.${key}: expected a string`);
    }
  }
  for (const key of ['reset', 'echo'] as const) {
    if (fault[key] !== undefined && typeof fault[key] !== 'boolean') {
      throw new TypeError(`fault.${key}: expected a boolean`);
    }
  }
  const integer = (key: string, min: number, max: number) => {
    const value = fault[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new TypeError(`fault.${key}: expected an integer from ${min} to ${max}`);
    }
  };
  integer('times', 1, 1_000_000);
  integer('status', 100, 599);
  integer('retryAfter', 0, 86_400 * 365);
  integer('delayMs', 0, 600_000);
  integer('trickleMs', 1, 60_000);
  return { ...(fault as Fault) };
}

/** Whether the fault replaces the answer (rather than only delaying it). */
export function faultAnswers(fault: Fault): boolean {
  return (
    fault.status !== undefined ||
    fault.echo === true ||
    fault.body !== undefined ||
    fault.contentType !== undefined ||
    fault.retryAfter !== undefined
  );
}

/** Queued faults, consumed in the order they were injected. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  inject(fault: Fault): void {
    const valid = validateFault(fault);
    this.#queue.push({ fault: valid, remaining: valid.times ?? 1 });
  }

  clear(): void {
    this.#queue = [];
  }

  /** The first fault matching this request, counted as used; undefined when none. */
  take(endpoint: string, path: string): Fault | undefined {
    const index = this.#queue.findIndex(({ fault }) => {
      if (fault.endpoint !== undefined && fault.endpoint !== endpoint) return false;
      if (fault.path !== undefined && !path.startsWith(fault.path)) return false;
      return true;
    });
    const queued = this.#queue[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    return queued.fault;
  }
}
