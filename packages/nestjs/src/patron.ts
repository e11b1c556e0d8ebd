import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IlsAuthRequest } from './http-types.js';
import type { Patron as SignedInPatron } from './patron.js';

/**
 * The signed-in patron (`{ provider, patronId, profile, expiresAt }`), set by `PatronGuard` or a successful
 * `IlsLoginGuard`; undefined on a route without either. Its session id is not among its properties: the
 * patron can be returned as JSON as it is.
 */
export const Patron = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SignedInPatron | undefined =>
    context.switchToHttp().getRequest<IlsAuthRequest>().patron,
);

/** The signed-in patron, as `@Patron() patron: Patron`. */
export type Patron = SignedInPatron;
