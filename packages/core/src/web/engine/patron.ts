import { inspect } from 'node:util';
import { IlsAuthError } from '../../errors/ils-auth-error.js';
import type { PatronProfile } from '../../patrons/patron-profile.js';
import type { PatronSession } from '../../patrons/patron-session.js';

/**
 * A signed-in patron as every adapter shows it (`req.patron`, `@Patron()`, `req.user`). Times are epoch
 * milliseconds of the wall clock (`Date.now()`), dates in `profile` are `YYYY-MM-DD`.
 */
export interface Patron<User = unknown> {
  /** The provider's name in the `providers` option (the route name, e.g. `sierra`). */
  readonly provider: string;
  /** The patron's record id at the provider. */
  readonly patronId: string | undefined;
  readonly profile: PatronProfile | undefined;
  /** Epoch ms (wall clock) when this sign-in happened. */
  readonly signedInAt: number;
  /** Epoch ms (wall clock) after which the patron must sign in again (unless the provider renews tokens). */
  readonly expiresAt: number;
  /** The application's user that the `signIn` callback mapped this patron to; undefined without one. */
  readonly user: User | undefined;
  /**
   * The session id: a bearer credential, so it is not enumerable and is left out of `JSON.stringify` and
   * `util.inspect`. Read it only to call core's `PatronAuth` yourself.
   */
  readonly sessionId?: string;
}

/** The fields of a patron an application reads (the session id is not one of them). */
export type PatronField = Exclude<keyof Patron, 'sessionId'>;

export const PATRON_FIELDS: readonly PatronField[] = [
  'provider',
  'patronId',
  'profile',
  'signedInAt',
  'expiresAt',
  'user',
];

/**
 * `field` when it names a field of `Patron`; else `config_invalid` naming its `user` (`@Patron("email")`)
 * and the fields, so a misspelt field is refused where it is declared, not answered with the whole patron.
 */
export function checkPatronField(field: unknown, user: string): PatronField {
  if (PATRON_FIELDS.includes(field as PatronField)) return field as PatronField;
  throw new IlsAuthError('config_invalid', `${user}: not a field of Patron (${PATRON_FIELDS.join(', ')})`, {
    retryable: false,
  });
}

/**
 * The patron of a session. Without a mapped user it depends on the session alone, and core hands every
 * request that reads the same stored session the same (frozen) session object: so it is made once per
 * session, not on every guarded request.
 */
export function patronFromSession(provider: string, session: PatronSession, user?: unknown): Patron {
  if (user !== undefined) return makePatron(provider, session, user);
  const known = patronsOfSessions.get(session);
  if (known?.provider === provider) return known;
  const patron = makePatron(provider, session, undefined);
  patronsOfSessions.set(session, patron);
  return patron;
}

const patronsOfSessions = new WeakMap<PatronSession, Patron>();

function makePatron(provider: string, session: PatronSession, user: unknown): Patron {
  const patron = {
    provider,
    patronId: session.patronId,
    profile: session.profile,
    signedInAt: session.createdAt,
    expiresAt: session.expiresAt,
    user,
  };
  Object.defineProperty(patron, 'sessionId', { value: session.id, enumerable: false });
  Object.defineProperty(patron, inspect.custom, {
    enumerable: false,
    value: () => `Patron ${inspect({ ...patron })}`,
  });
  return Object.freeze(patron);
}
