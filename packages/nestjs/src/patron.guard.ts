import { IlsAuthError } from '@ils-auth/core';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IlsAuthHttpException } from './http-exception.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import { IS_PUBLIC } from './public.decorator.js';
import { toWebRequest } from './web-request.js';
import { appendCookies } from './web-response.js';

/**
 * Lets signed-in patrons through and sets `req.patron` and `req.user` (read it with `@Patron()`); anyone
 * else gets `401 { statusCode: 401, error: 'session_expired', message }`, and a cookie whose session is over
 * is cleared. Use it per route (`@UseGuards(PatronGuard)`) or for the whole app (`{ provide: APP_GUARD,
 * useClass: PatronGuard }`) with `@Public()` on the routes everyone may reach.
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
    if (await this.ils.patron(req)) return true;
    if (this.isPublic(context)) return true;
    const { web } = setupOf(this.ils);
    const request = toWebRequest(req);
    if (web.readSessionCookie(request))
      appendCookies(http.getResponse<IlsAuthPlatformResponse>(), [web.clearSessionCookie(request)]);
    throw new IlsAuthHttpException(
      new IlsAuthError('session_expired', 'sign in to continue', { reauthRequired: true }),
    );
  }

  private isPublic(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }
}
