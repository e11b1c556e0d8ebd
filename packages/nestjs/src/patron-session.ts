import { inspect } from 'node:util';
import type { PatronProfile, PatronSession } from '@ils-auth/core';

/** The signed-in patron, as `req.patron` and `@Patron()`. */
export interface Patron {
  /** The provider's name in `IlsAuthModule.forRoot({ providers })`. */
  readonly provider: string;
  /** The patron's record id at the provider. */
  readonly patronId: string | undefined;
  readonly profile: PatronProfile | undefined;
  /** Epoch ms after which the patron must sign in again (unless the provider renews tokens). */
  readonly expiresAt: number;
}

/**
 * The patron's core session id, kept off the enumerable properties of `Patron`: it is a bearer credential,
 * so `JSON.stringify` (a controller returning the patron) and `util.inspect` (a log line) never show it.
 */
const sessionIds = new WeakMap<Patron, string>();

export function patronFromSession(provider: string, session: PatronSession): Patron {
  const patron: Patron = {
    provider,
    patronId: session.patronId,
    profile: session.profile,
    expiresAt: session.expiresAt,
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
