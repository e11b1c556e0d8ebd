import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
} from '@nestjs/common';
import { toHttpException } from './http-exception.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import { finishSignIn } from './request-patrons.js';
import { toWebRequest } from './web-request.js';
import { sendRedirect, setHeaders } from './web-response.js';

export type { IlsLoginInfo } from './http-types.js';

const guards = new Map<string, Type<CanActivate>>();

/**
 * The guard of a provider's sign-in routes; core's engine takes the step (`signInStep`) and decides every
 * rule. Code flow: any route but the callback redirects to the provider; the callback (`<basePath>/<name>/
 * callback`, or the path of the provider's `redirectUri`) signs the patron in. PIN: a POST of `barcode`,
 * `pin`, `returnTo` (JSON or form). Signed in, `req.patron`, `req.patrons`, `req.user` and `req.authInfo`
 * (`{ provider, returnTo }`) are set and the handler runs; refused, a page goes to `failureRedirect` when
 * there is one, else the `IlsAuthError` is thrown as an HTTP exception.
 */
export function IlsLoginGuard(provider: string): Type<CanActivate> {
  const cached = guards.get(provider);
  if (cached) return cached;

  @Injectable()
  class IlsLoginGuardForProvider implements CanActivate {
    constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {
      // Nest makes the guards of every controller when the app starts: a misspelt name stops it there.
      const owner = `IlsLoginGuard(${JSON.stringify(String(provider).slice(0, 40))})`;
      setupOf(ils).engine.signInRoutesProvider(provider, owner);
    }

    /** True when the patron is signed in and the handler may run; false when the answer (a redirect) is sent. */
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const http = context.switchToHttp();
      const setup = setupOf(this.ils);
      const req = http.getRequest<IlsAuthRequest>();
      const res = http.getResponse<IlsAuthPlatformResponse>();
      const form = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
      const request = toWebRequest(req);
      try {
        const ownCallbackPath = `${setup.basePath}/${provider}/callback`;
        const step = await setup.engine.signInStep(request, provider, { ownCallbackPath, form });
        if (step.signedIn) {
          await finishSignIn(setup, req, res, step.signedIn);
          return true;
        }
        sendRedirect(res, step.redirect);
      } catch (error) {
        const failure = setup.engine.signInFailure(request, error, { provider, returnTo: form.returnTo });
        if (!failure) {
          // Set here, not only by the filter: without it, Nest's own filter answers the exception.
          setHeaders(res, setup.engine.errorAnswer(error).headers);
          throw toHttpException(error);
        }
        sendRedirect(res, failure);
      }
      // Nest answers a refusing guard with a 403 unless the response is already sent, as it is here.
      return false;
    }
  }

  const guard = mixin(IlsLoginGuardForProvider);
  guards.set(provider, guard);
  return guard;
}
