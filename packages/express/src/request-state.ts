import { IncomingMessage } from 'node:http';
import type { Patron } from '@ils-auth/core/web';
import type { IlsRequest } from './ils-request.js';

/** What the ilsAuth router sets on a request: `req.ils`, `req.patron`, `req.patrons`. */
export interface RequestState {
  ils: IlsRequest | undefined;
  patron: Patron | undefined;
  patrons: Readonly<Record<string, Patron>> | undefined;
}

const NAMES = ['ils', 'patron', 'patrons'] as const;

/**
 * Why accessors on `IncomingMessage.prototype` over one record per request: Express 5 sets each request's
 * prototype, so plain properties written on it take V8's slow path (~2 µs apiece; see bench/README.md);
 * the record is one property, written once. Why a property and not a `WeakMap` keyed by the request: a
 * `WeakMap` entry per request made every guarded request ~20 µs of CPU dearer, most of it in garbage
 * collection and socket work, not in our code (measured: bench/README.md, benchmark 2). The key is
 * process-wide, so the ESM and CommonJS copies of this package share the records.
 */
const STATE = Symbol.for('@ils-auth/express request state v1');
type WithState = { [STATE]?: RequestState };

type Registry = { accessors?: 'ours' | 'taken' };
const REGISTRY = Symbol.for('@ils-auth/express request accessors v1');
const processWide = globalThis as { [REGISTRY]?: Registry };
processWide[REGISTRY] ??= {};
const registry = processWide[REGISTRY];

/** Installs the accessors, once per process; a name some other code already defined is left alone. */
function installAccessors(): boolean {
  if (registry.accessors === undefined) {
    const prototype = IncomingMessage.prototype;
    const taken = NAMES.some((name) => Object.getOwnPropertyDescriptor(prototype, name) !== undefined);
    registry.accessors = taken ? 'taken' : 'ours';
    if (!taken)
      for (const name of NAMES)
        Object.defineProperty(prototype, name, {
          configurable: true,
          enumerable: false,
          get(this: WithState) {
            return this[STATE]?.[name];
          },
          set(this: WithState, value: never) {
            const state = this[STATE];
            if (state) state[name] = value;
            else this[STATE] = { ils: undefined, patron: undefined, patrons: undefined, [name]: value };
          },
        });
  }
  return registry.accessors === 'ours';
}

const NO_PATRONS: RequestState['patrons'] = Object.freeze({});

/**
 * Starts a request's record (its `req.ils`, no patron yet) and returns it: the router sets `patron` and
 * `patrons` on it directly. A request that is not a Node request holds them as its own properties.
 */
export function startRequestState(req: object, ils: IlsRequest): RequestState {
  const state: RequestState = { ils, patron: undefined, patrons: NO_PATRONS };
  if (req instanceof IncomingMessage && installAccessors()) {
    (req as WithState)[STATE] = state;
    return state;
  }
  return Object.assign(req, state);
}
