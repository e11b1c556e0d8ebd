import { IlsAuthError } from '@ils-auth/core';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Refuses a form post sent from another site. The session cookie is SameSite=Lax, which keeps it off
 * cross-site posts, but a sign-in form needs no cookie: without this check another site could sign a
 * visitor in as somebody else (login CSRF) or sign them out. Browsers always send `Origin` on a POST;
 * API clients that send none (curl) are not browsers, so they pass.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const origin = req.get('origin');
    if (origin === undefined || origin === `${req.protocol}://${req.get('host')}`) return true;
    throw new IlsAuthError('invalid_request', 'a form from another site cannot sign in or out here', {
      retryable: false,
    });
  }
}
