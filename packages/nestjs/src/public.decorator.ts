import { SetMetadata } from '@nestjs/common';

/** The metadata key `@Public()` sets and `PatronGuard` reads. */
export const IS_PUBLIC = 'ils-auth:public';

/**
 * Opens a route (or every route of a controller) that a global `PatronGuard` would close: anyone gets
 * through, and a signed-in patron is still set as `req.patron` / `@Patron()` when there is one.
 *
 * ```ts
 * providers: [{ provide: APP_GUARD, useClass: PatronGuard }]
 * @Public() @Get('opening-hours') hours() { … }
 * ```
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
