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
 * Lets signed-in patrons through and sets `req.patrons`, `req.patron` and `req.user` (`@Patron()`); anyone
 * else gets `401 session_expired`, with `loginUrl` when a session ended. Per route or as `APP_GUARD` with
 * `@Public()`; `@SignOutRoute()` routes let same-site posts through (there may be no session left).
 */
@Injectable()
export class PatronGuard implements CanActivate {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<IlsAuthRequest>();
    const loading = loadPatrons(setupOf(this.ils), req, http.getResponse<IlsAuthPlatformResponse>());
    return loading ? loading.then(() => this.#decide(context, req)) : this.#decide(context, req);
  }

  /** With the request's patrons loaded: let a patron through, or what the route's marks allow. */
  #decide(context: ExecutionContext, req: IlsAuthRequest): boolean {
    if (req.patron || this.marked(context, IS_PUBLIC)) return true;
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
    const targets = [context.getHandler(), context.getClass()];
    return this.reflector.getAllAndOverride<boolean | undefined>(key, targets) === true;
  }
}
