import { IncomingMessage } from 'node:http';
import type { Patron } from '@ils-auth/core/web';
import type { IlsRequest } from './ils-request.js';

/** What the ilsAuth router sets on a request: `req.ils`, `req.patron`, `req.patrons`. */
export interface RequestState {
  ils: IlsRequest | undefined;
  patron: Patron | undefined;
  patrons: Readonly<Record<string, Patron>> | undefined;
}

type StateName = keyof RequestState;
const NAMES: readonly StateName[] = ['ils', 'patron', 'patrons'];

/**
 * Why not plain properties: Express 5 gives every request object its prototype with
 * `Object.setPrototypeOf`, so no two requests share a shape V8 can cache, and each new property written on
 * one goes through V8's slow path, ~2 µs apiece on this project's 2-core machine (three of them were a
 * fifth of the guard's own work; bench/README.md). So the three names are accessors on Node's
 * `IncomingMessage.prototype`, which every Express request inherits whichever copy of Express made it, and
 * a request's values live in one record here: one `WeakMap` write per request. Reading and assigning
 * `req.patron` work as before; the names are not enumerable own properties of the request any more.
 */
// One registry per process, shared by every copy of this package that is loaded (a project with both
// `.mts` and `.cts` files loads the ESM and the CommonJS build): the accessors are installed once, and a
// route of one copy sees what the router of the other set. Versioned, should the record ever change shape.
interface Registry {
  states: WeakMap<object, RequestState>;
  accessors?: 'ours' | 'taken';
}
const REGISTRY = Symbol.for('@ils-auth/express request state v1');
const processWide = globalThis as { [REGISTRY]?: Registry };
processWide[REGISTRY] ??= { states: new WeakMap() };
const registry = processWide[REGISTRY];
const { states } = registry;

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
          get(this: object) {
            return states.get(this)?.[name];
          },
          set(this: object, value: never) {
            const state = states.get(this);
            if (state) state[name] = value;
            else states.set(this, { ils: undefined, patron: undefined, patrons: undefined, [name]: value });
          },
        });
  }
  return registry.accessors === 'ours';
}

const NO_PATRONS: RequestState['patrons'] = Object.freeze({});

/** Starts a request's record: its `req.ils`, and no patron yet. */
export function startRequestState(req: object, ils: IlsRequest): void {
  if (req instanceof IncomingMessage && installAccessors())
    states.set(req, { ils, patron: undefined, patrons: NO_PATRONS });
  else Object.assign(req, { ils, patron: undefined, patrons: NO_PATRONS });
}

/** Sets `req.patrons` and `req.patron` together. */
export function assignPatrons(
  req: object,
  patrons: RequestState['patrons'],
  patron: RequestState['patron'],
): void {
  const state = states.get(req);
  if (state) {
    state.patrons = patrons;
    state.patron = patron;
  } else Object.assign(req, { patrons, patron });
}

/** `req.ils`, read without the accessor's lookup when the record is here. */
export function ilsOf(req: object): IlsRequest | undefined {
  const state = states.get(req);
  return state ? state.ils : (req as { ils?: IlsRequest }).ils;
}
