import { IlsAuthError, type PatronProfile } from '@ils-auth/core';
import { createParamDecorator, type ExecutionContext, type PipeTransform, type Type } from '@nestjs/common';
import type { IlsAuthRequest } from './http-types.js';

/**
 * The signed-in patron, as `req.patron`, `req.user` and `@Patron()`. Its session id is not among its
 * properties: the patron can be returned as JSON as it is.
 *
 * The interface and the decorator share one name and one declaration site, so `me(@Patron() p: Patron) {
 * return p; }` has a return type that declaration files can name from `@ils-auth/nestjs`.
 */
export interface Patron {
  /** The provider's name in `IlsAuthModule.forRoot({ providers })`. */
  readonly provider: string;
  /** The patron's record id at the provider. */
  readonly patronId: string | undefined;
  readonly profile: PatronProfile | undefined;
  /** Epoch ms (wall clock) when this sign-in happened. */
  readonly signedInAt: number;
  /** Epoch ms (wall clock) after which the patron must sign in again (unless the provider renews tokens). */
  readonly expiresAt: number;
  /** The application's user that the `signIn` callback mapped this patron to; undefined without one. */
  readonly user: unknown;
}

/** The fields `@Patron(field)` can read. */
export type PatronField = keyof Patron;

const PATRON_FIELDS: readonly string[] = [
  'provider',
  'patronId',
  'profile',
  'signedInAt',
  'expiresAt',
  'user',
] satisfies PatronField[];

const readPatron = createParamDecorator(
  (field: PatronField | undefined, context: ExecutionContext): unknown => {
    const patron = context.switchToHttp().getRequest<IlsAuthRequest>().patron;
    return field === undefined ? patron : patron?.[field];
  },
);

/**
 * `@Patron()`: the signed-in patron set by `PatronGuard` or a successful `IlsLoginGuard`, undefined on a
 * route without either. `@Patron('patronId')`: that one field. A name that is not a field of `Patron` is
 * refused when the controller is declared (`config_invalid`), not answered with the whole patron.
 */
export function Patron(
  field?: PatronField,
  ...pipes: (Type<PipeTransform> | PipeTransform)[]
): ParameterDecorator {
  if (field !== undefined && !PATRON_FIELDS.includes(field)) {
    throw new IlsAuthError(
      'config_invalid',
      `@Patron(${JSON.stringify(String(field)).slice(0, 40)}): not a field of Patron (${PATRON_FIELDS.join(', ')})`,
      { retryable: false },
    );
  }
  return readPatron(field, ...pipes);
}
