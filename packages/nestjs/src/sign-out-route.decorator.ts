import { SetMetadata } from '@nestjs/common';

/** The metadata key `@SignOutRoute()` sets and `PatronGuard` reads. */
export const IS_SIGN_OUT_ROUTE = 'ils-auth:sign-out-route';

/**
 * Marks the route that calls `IlsAuthService.logout()`: a global `PatronGuard` lets same-site posts through
 * without a live session (a second sign-out answers as the first), and refuses cross-site ones (403).
 *
 * ```ts
 * @SignOutRoute() @Post('auth/logout') @HttpCode(204)
 * async logout(@Req() req, @Res({ passthrough: true }) res) { await this.ils.logout(req, res); }
 * ```
 */
export const SignOutRoute = (): MethodDecorator => SetMetadata(IS_SIGN_OUT_ROUTE, true);
