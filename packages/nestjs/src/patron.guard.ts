import { IlsAuthError } from '@ils-auth/core';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { IlsAuthHttpException } from './http-exception.js';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import { toWebRequest } from './web-request.js';
import { appendCookies } from './web-response.js';

/**
 * Lets signed-in patrons through and sets `req.patron` (read it with `@Patron()`); anyone else gets
 * `401 { statusCode: 401, error: 'session_expired', message }`. A cookie whose session is over is cleared.
 */
@Injectable()
export class PatronGuard implements CanActivate {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<IlsAuthRequest>();
    if (await this.ils.patron(req)) return true;
    const { web } = setupOf(this.ils);
    const request = toWebRequest(req);
    if (web.readSessionCookie(request))
      appendCookies(http.getResponse<IlsAuthResponse>(), [web.clearSessionCookie(request)]);
    throw new IlsAuthHttpException(
      new IlsAuthError('session_expired', 'sign in to continue', { reauthRequired: true }),
    );
  }
}
