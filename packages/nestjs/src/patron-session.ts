import { inspect } from 'node:util';
import type { PatronSession } from '@ils-auth/core';
import type { IlsAuthRequest } from './http-types.js';
import type { Patron } from './patron.js';

/**
 * The patron's core session id, kept off the enumerable properties of `Patron`: it is a bearer credential,
 * so `JSON.stringify` (a controller returning the patron) and `util.inspect` (a log line) never show it.
 */
const sessionIds = new WeakMap<Patron, string>();

export function patronFromSession(provider: string, session: PatronSession, user?: unknown): Patron {
  const patron: Patron = {
    provider,
    patronId: session.patronId,
    profile: session.profile,
    signedInAt: session.createdAt,
    expiresAt: session.expiresAt,
    user,
  };
  Object.defineProperty(patron, inspect.custom, {
    enumerable: false,
    value: () => `Patron ${inspect({ ...patron })}`,
  });
  sessionIds.set(patron, session.id);
  return Object.freeze(patron);
}

/** The core session id behind a patron made by this package (for `PatronAuth` calls). */
export function sessionIdOf(patron: Patron | undefined): string | undefined {
  return patron ? sessionIds.get(patron) : undefined;
}

/** Makes `patron` the request's: `req.patron`, and `req.user` as Nest apps (and Passport habits) expect. */
export function setRequestPatron(req: IlsAuthRequest, patron: Patron | undefined): void {
  req.patron = patron;
  req.user = patron;
}
