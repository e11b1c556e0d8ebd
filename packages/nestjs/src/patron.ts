import { type Patron as CorePatron, checkPatronField, type PatronField } from '@ils-auth/core/web';
import { createParamDecorator, type ExecutionContext, type PipeTransform, type Type } from '@nestjs/common';
import type { IlsAuthRequest } from './http-types.js';

/**
 * The signed-in patron (core's), as `req.patron`, `req.user` and `@Patron()`. Its session id is not
 * enumerable: the patron can be returned as JSON as it is. The type and the decorator share one name, so
 * `me(@Patron() p: Patron) { return p; }` has a return type declaration files can name.
 */
export type Patron<User = unknown> = CorePatron<User>;
export type { PatronField };

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
  if (field !== undefined) checkPatronField(field, `@Patron(${JSON.stringify(String(field)).slice(0, 40)})`);
  return readPatron(field, ...pipes);
}
