import { IlsAuthError } from '@ils-auth/core';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IlsAuthHttpException, toHttpException } from './http-exception.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import { IS_PUBLIC } from './public.decorator.js';
import { loadPatrons, reSignInUrl } from './request-patrons.js';
import { IS_SIGN_OUT_ROUTE } from './sign-out-route.decorator.js';
import { toWebRequest } from './web-request.js';

/**
 * Lets signed-in patrons through and sets `req.patrons` (every provider the browser is signed in to),
 * `req.patron` and `req.user` (the first of them in `providers` order; read it with `@Patron()`); anyone
 * else gets `401 { statusCode: 401, error: 'session_expired', message }`. Sessions that are over leave the
 * cookie; when one ended, the 401 carries `loginUrl`, the sign-in of that provider. Use it per route (`@UseGuards(PatronGuard)`) or for the whole app (`{ provide: APP_GUARD,
 * useClass: PatronGuard }`) with `@Public()` on the routes everyone may reach. `@SignOutRoute()` routes let
 * anyone through whose post comes from this site: there may be no session left to end.
 */
@Injectable()
export class PatronGuard implements CanActivate {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<IlsAuthRequest>();
    await loadPatrons(setupOf(this.ils), req, http.getResponse<IlsAuthPlatformResponse>());
    if (req.patron) return true;
    if (this.marked(context, IS_PUBLIC)) return true;
    if (this.marked(context, IS_SIGN_OUT_ROUTE)) {
      // Core's same-origin rule, the one `logout()` applies, checked before the handler runs.
      try {
        setupOf(this.ils).engine.assertSameOrigin(toWebRequest(req));
      } catch (error) {
        throw toHttpException(error);
      }
      return true;
    }
    throw new IlsAuthHttpException(
      new IlsAuthError('session_expired', 'sign in to continue', { reauthRequired: true }),
      reSignInUrl(req),
    );
  }

  private marked(context: ExecutionContext, key: string): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(key, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }
}
