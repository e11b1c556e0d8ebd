import { SetMetadata } from '@nestjs/common';

/** The metadata key `@SignOutRoute()` sets and `PatronGuard` reads. */
export const IS_SIGN_OUT_ROUTE = 'ils-auth:sign-out-route';

/**
 * Marks the route that calls `IlsAuthService.logout()`. A global `PatronGuard` lets it through without a
 * live session: signing out a browser that has none ends nothing, so a second sign-out (another tab, an
 * expired session) answers as the first did instead of 401. Posts from other sites are still refused
 * (`403 cross_site_request`), before the handler runs.
 *
 * ```ts
 * @SignOutRoute() @Post('auth/logout') @HttpCode(204)
 * async logout(@Req() req, @Res({ passthrough: true }) res) { await this.ils.logout(req, res); }
 * ```
 */
export const SignOutRoute = (): MethodDecorator => SetMetadata(IS_SIGN_OUT_ROUTE, true);
