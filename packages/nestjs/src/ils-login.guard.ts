import { IlsAuthError } from '@ils-auth/core';
import type { SignedIn } from '@ils-auth/core/web';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
} from '@nestjs/common';
import { toHttpException } from './http-exception.js';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import type { IlsAuthSetup } from './options.js';
import { startSession } from './start-session.js';
import { toWebRequest } from './web-request.js';
import { sendRedirect } from './web-response.js';

export type { IlsLoginInfo } from './http-types.js';

const guards = new Map<string, Type<CanActivate>>();

/**
 * The guard of a provider's sign-in routes; core's web layer does the work and decides every rule.
 *
 * - Code flow (`signIn: 'code'`, Sierra's login page, RERO): on any route but the callback (`GET
 *   <basePath>/<name>/login`, optional `?returnTo=/path`) it answers with a redirect to the provider (the
 *   handler does not run); on `<basePath>/<name>/callback` it checks the single-use transaction and state,
 *   trades the code and signs the patron in.
 * - PIN (`signIn: 'pin'`): on a POST route it reads `barcode`, `pin` and `returnTo` from the body (JSON or
 *   form); posts from other sites are refused, and guesses are limited per card and per IP.
 *
 * Signed in: a new session cookie (the previous session is ended), `Cache-Control: no-store`, `req.patron`
 * (and `req.user`, `@Patron()`) is the patron, `req.authInfo` is `{ provider, returnTo }`, and the route's
 * handler runs. Refused: the `IlsAuthError` as an HTTP exception (`401 invalid_credentials`, `403
 * cross_site_request`, `403 state_mismatch`, `429 rate_limited`, …).
 */
export function IlsLoginGuard(provider: string): Type<CanActivate> {
  const cached = guards.get(provider);
  if (cached) return cached;

  @Injectable()
  class IlsLoginGuardForProvider implements CanActivate {
    constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const http = context.switchToHttp();
      try {
        return await signIn(
          setupOf(this.ils),
          provider,
          http.getRequest<IlsAuthRequest>(),
          http.getResponse<IlsAuthResponse>(),
        );
      } catch (error) {
        throw toHttpException(error);
      }
    }
  }

  const guard = mixin(IlsLoginGuardForProvider);
  guards.set(provider, guard);
  return guard;
}

/** True when the patron is signed in and the handler may run; false when the answer (a redirect) is sent. */
async function signIn(
  { web, basePath }: IlsAuthSetup,
  name: string,
  req: IlsAuthRequest,
  res: IlsAuthResponse,
): Promise<boolean> {
  const request = toWebRequest(req);
  const url = new URL(request.url, 'http://path.invalid');
  const { signIn: method } = web.provider(name);
  let signedIn: SignedIn;
  if (method === 'pin') {
    const form = fieldsOf(req.body);
    signedIn = await web.pinSignIn(request, name, {
      barcode: form.barcode,
      pin: form.pin,
      returnTo: form.returnTo ?? url.searchParams.get('returnTo') ?? undefined,
    });
  } else if (method === 'code') {
    const callbackPath = `${basePath}/${name}/callback`;
    if (url.pathname !== callbackPath) {
      const returnTo = url.searchParams.get('returnTo') ?? undefined;
      sendRedirect(res, web.beginCodeFlow(request, name, { redirectUri: callbackPath, returnTo }));
      // Nest answers a refusing guard with a 403 unless the response is already sent, as it is here.
      return false;
    }
    signedIn = await web.completeCodeFlow(request, name);
  } else {
    throw new IlsAuthError('config_invalid', `IlsAuthModule: "${name}" has no sign-in (signIn: false)`, {
      retryable: false,
    });
  }
  await startSession(web, req, res, signedIn);
  req.authInfo = { provider: name, returnTo: signedIn.returnTo };
  return true;
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}
