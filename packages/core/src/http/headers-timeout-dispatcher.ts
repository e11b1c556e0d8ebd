import type { Dispatcher } from './direct-response.js';

/**
 * Where undici, and so Node's own `fetch`, keeps its global dispatcher: a symbol shared by every copy of
 * undici in the process, which is how `setGlobalDispatcher()` (a proxy agent, say) reaches Node's fetch.
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * undici checks its deadlines on one shared timer about twice a second, so its timeout may fire up to a
 * second late. That is nothing against the default 30 s; a shorter deadline, which is set to fail fast,
 * gets a timer of its own instead.
 */
const COARSEST_DEADLINE_MS = 5_000;

const byTimeout = new Map<number, Dispatcher>();

/**
 * A dispatcher for Node's `fetch` (its `dispatcher` option) that hands every request to the global
 * dispatcher with undici's own per-request `headersTimeout`: a request whose response headers do not come
 * in time fails with `UND_ERR_HEADERS_TIMEOUT`, with no timer or `AbortController` of ours per call.
 * Undefined when undici is not loaded yet or the deadline is too short for its timer: then the caller
 * times the request itself.
 */
export function headersTimeoutDispatcher(timeoutMs: number): Dispatcher | undefined {
  if (timeoutMs < COARSEST_DEADLINE_MS || !globalDispatcher()) return undefined;
  // One per distinct timeout in the configuration, so a client's calls all share one.
  let dispatcher = byTimeout.get(timeoutMs);
  if (!dispatcher) {
    dispatcher = {
      dispatch: (options, handler) => {
        // `fetch` builds these options afresh for every request, so setting the field is safe; a copy
        // (`{ ...options, headersTimeout }`) would cost microseconds per call in V8, more than all the rest.
        (options as { headersTimeout?: number }).headersTimeout = timeoutMs;
        return (globalDispatcher() as Dispatcher).dispatch(options, handler);
      },
    };
    byTimeout.set(timeoutMs, dispatcher);
  }
  return dispatcher;
}

/** Whether a rejected `fetch` was undici's headers timeout. */
export function isHeadersTimeout(error: unknown): boolean {
  return (error as { cause?: { code?: unknown } } | undefined)?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT';
}

/** undici's global dispatcher, the one Node's `fetch` sends through; undefined until undici is loaded. */
export function globalDispatcher(): Dispatcher | undefined {
  const candidate = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as
    | Partial<Dispatcher>
    | undefined;
  return typeof candidate?.dispatch === 'function' ? (candidate as Dispatcher) : undefined;
}
