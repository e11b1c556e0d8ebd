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
import { finishSignIn } from './finish-sign-in.js';
import { toHttpException } from './http-exception.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import type { IlsAuthSetup } from './options.js';
import { retryAfterHeaders } from './retry-after.js';
import { toWebRequest } from './web-request.js';
import { sendRedirect, setHeaders } from './web-response.js';

export type { IlsLoginInfo } from './http-types.js';

const guards = new Map<string, Type<CanActivate>>();

/**
 * The guard of a provider's sign-in routes; core's web layer does the work and decides every rule.
 *
 * - Code flow (`signIn: 'code'`, Sierra's login page, RERO, `oauth2({ issuer })`): on any route but the
 *   callback (`GET <basePath>/<name>/login`, optional `?returnTo=/path`) it answers with a redirect to the
 *   provider (the handler does not run); on the callback (`<basePath>/<name>/callback`, or the path of the
 *   provider's `redirectUri`) it checks the single-use transaction and state, trades the code and signs
 *   the patron in.
 * - PIN (`signIn: 'pin'`): on a POST route it reads `barcode`, `pin` and `returnTo` from the body (JSON or
 *   form); posts from other sites are refused, and guesses are limited per card and per IP.
 *
 * Signed in (and let in by `callbacks.signIn`): the session joins the browser's others (the one it held
 * with this provider is ended), `Cache-Control: no-store`, `req.patrons[name]` is the patron, `req.patron`
 * (and `req.user`, `@Patron()`) the first in `providers` order, `req.authInfo` is `{ provider, returnTo }`,
 * `events.signIn` is told, and the route's handler runs. Refused: a page is sent to `failureRedirect`
 * with a safe `?error=` code when one is configured; otherwise (and for JSON callers) the `IlsAuthError`
 * is thrown as an HTTP exception (`401 invalid_credentials`, `403 cross_site_request`, `403
 * state_mismatch`, `429 rate_limited` with `Retry-After`, …).
 */
export function IlsLoginGuard(provider: string): Type<CanActivate> {
  const cached = guards.get(provider);
  if (cached) return cached;

  @Injectable()
  class IlsLoginGuardForProvider implements CanActivate {
    constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {
      // Nest makes the guards of every controller when the app starts: a misspelt name stops it there.
      assertSignInProvider(setupOf(ils), provider);
    }

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const http = context.switchToHttp();
      const setup = setupOf(this.ils);
      const req = http.getRequest<IlsAuthRequest>();
      const res = http.getResponse<IlsAuthPlatformResponse>();
      try {
        return await signIn(setup, provider, req, res);
      } catch (error) {
        const failure = setup.web.signInFailure(toWebRequest(req), error, {
          provider,
          returnTo: fieldsOf(req.body).returnTo ?? returnToOf(req),
        });
        if (!failure) {
          // Set here, not only by the filter: without it, Nest's own filter answers the exception.
          setHeaders(res, retryAfterHeaders(error));
          throw toHttpException(error);
        }
        sendRedirect(res, failure);
        return false;
      }
    }
  }

  const guard = mixin(IlsLoginGuardForProvider);
  guards.set(provider, guard);
  return guard;
}

/** True when the patron is signed in and the handler may run; false when the answer (a redirect) is sent. */
async function signIn(
  setup: IlsAuthSetup,
  name: string,
  req: IlsAuthRequest,
  res: IlsAuthPlatformResponse,
): Promise<boolean> {
  const { web, basePath } = setup;
  const request = toWebRequest(req);
  const provider = web.provider(name);
  let signedIn: SignedIn;
  if (provider.signIn === 'pin') {
    const form = fieldsOf(req.body);
    signedIn = await web.pinSignIn(request, name, {
      barcode: form.barcode,
      pin: form.pin,
      returnTo: form.returnTo ?? returnToOf(req),
    });
  } else if (provider.signIn === 'code') {
    const ownCallback = `${basePath}/${name}/callback`;
    // A registered `redirectUri` is matched exactly: its path is the callback, served by the app's route.
    if (new URL(request.url, 'http://path.invalid').pathname !== (provider.callbackPath ?? ownCallback)) {
      // A provider configured by `issuer` takes its endpoints from the server's metadata: the first
      // sign-in waits for it (read once, then cached by core) rather than being turned away.
      await provider.auth.ready();
      const returnTo = returnToOf(req);
      sendRedirect(res, web.beginCodeFlow(request, name, { redirectUri: ownCallback, returnTo }));
      // Nest answers a refusing guard with a 403 unless the response is already sent, as it is here.
      return false;
    }
    signedIn = await web.completeCodeFlow(request, name);
  } else {
    throw noSignIn(name);
  }
  await finishSignIn(setup, req, res, signedIn);
  return true;
}

/** The `?returnTo=` of the request, checked by core wherever it is used. */
function returnToOf(req: IlsAuthRequest): string | undefined {
  return new URL(toWebRequest(req).url, 'http://path.invalid').searchParams.get('returnTo') ?? undefined;
}

/** `config_invalid` unless `name` is a configured provider patrons can sign in with. */
function assertSignInProvider({ web }: IlsAuthSetup, name: string): void {
  const provider = web.providers.get(name);
  if (!provider) {
    throw new IlsAuthError(
      'config_invalid',
      `IlsLoginGuard(${JSON.stringify(String(name).slice(0, 40))}): no such provider in IlsAuthModule (${[...web.providers.keys()].join(', ')})`,
      { retryable: false },
    );
  }
  if (!provider.signIn) throw noSignIn(name);
}

function noSignIn(name: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `IlsAuthModule: "${name}" has no sign-in (signIn: false)`, {
    retryable: false,
  });
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}
