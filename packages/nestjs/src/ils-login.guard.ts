import type { ThrottleAttempt } from '@ils-auth/core';
import {
  ERROR_CODES,
  IlsAuthError,
  type IlsAuthErrorCode,
  isIlsAuthError,
  type PatronSession,
} from '@ils-auth/core';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
} from '@nestjs/common';
import { AuthGuard, type IAuthGuard } from '@nestjs/passport';
import { IlsAuthHttpException } from './http-exception.js';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { IlsAuthService, runtimeOf } from './ils-auth.service.js';
import { clientIpOf } from './request-info.js';
import { safeReturnTo } from './return-to.js';

/** What a successful sign-in leaves in `req.authInfo` (the session itself is in the cookie, not here). */
export interface IlsLoginInfo {
  provider: string;
  /** Code flow: the local path given as `?returnTo=` when the sign-in started. */
  returnTo?: string;
}

const guards = new Map<string, Type<CanActivate>>();

/**
 * The guard of a provider's sign-in routes, built on @nestjs/passport's `AuthGuard` and the provider's
 * @ils-auth/passport strategy.
 *
 * - Code flow (`signIn: 'code'`, Sierra's login page, RERO): on the login route (`GET <basePath>/<name>/login`,
 *   optional `?returnTo=/path`) it redirects to the provider; on the callback route
 *   (`GET <basePath>/<name>/callback`) it checks state, trades the code and signs the patron in.
 * - PIN (`signIn: 'pin'`): on a POST route it reads `barcode` and `pin` from the body (JSON or form) and
 *   checks them, limited per card and per IP by the module's throttle.
 *
 * Signed in: the session id goes to an httpOnly SameSite=Lax cookie, `req.patron` / `@Patron()` is the
 * patron, `req.authInfo` is `{ provider, returnTo? }`, and the route's handler runs. Refused: the
 * `IlsAuthError` as an HTTP exception (`401 invalid_credentials`, `403 access_denied`, `403
 * state_mismatch`, `429 rate_limited`, …).
 */
export function IlsLoginGuard(provider: string): Type<CanActivate> {
  const cached = guards.get(provider);
  if (cached) return cached;

  @Injectable()
  class IlsLoginGuardForProvider implements CanActivate {
    readonly #passportGuards = new Map<string, IAuthGuard>();

    constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const runtime = runtimeOf(this.ils);
      const settings = runtime.provider(provider);
      if (!settings.strategyName) {
        throw new IlsAuthHttpException(
          new IlsAuthError('config_invalid', `IlsAuthModule: "${provider}" has no sign-in (signIn: false)`, {
            retryable: false,
          }),
        );
      }
      const req = context.switchToHttp().getRequest<IlsAuthRequest>();
      let attempt: ThrottleAttempt | undefined;
      const barcode = settings.signIn === 'pin' ? barcodeOf(req) : undefined;
      if (runtime.throttle && barcode !== undefined) {
        try {
          attempt = await runtime.throttle.reserve(provider, barcode, clientIpOf(req));
        } catch (error) {
          throw isIlsAuthError(error) ? new IlsAuthHttpException(error) : error;
        }
      }
      try {
        const passed = await this.passportGuard(settings.strategyName).canActivate(context);
        await attempt?.succeeded();
        return passed as boolean;
      } catch (error) {
        const code = error instanceof IlsAuthHttpException ? error.ilsAuthError.code : undefined;
        await (code === 'invalid_credentials' ? attempt?.failed() : attempt?.abandoned());
        throw error;
      }
    }

    /** @nestjs/passport's `AuthGuard` for the strategy, told how to settle: one per strategy name. */
    private passportGuard(strategyName: string): IAuthGuard {
      let guard = this.#passportGuards.get(strategyName);
      if (!guard) {
        guard = new (passportGuardClass(this.ils, provider, strategyName))();
        this.#passportGuards.set(strategyName, guard);
      }
      return guard;
    }
  }

  const guard = mixin(IlsLoginGuardForProvider);
  guards.set(provider, guard);
  return guard;
}

function passportGuardClass(ils: IlsAuthService, provider: string, strategyName: string): Type<IAuthGuard> {
  class ProviderPassportGuard extends AuthGuard(strategyName) {
    override getAuthenticateOptions(context: ExecutionContext) {
      const req = context.switchToHttp().getRequest<IlsAuthRequest>();
      // Never a session of Passport's own: the core session id goes to our cookie.
      const returnTo = safeReturnTo(queryValue(req.query, 'returnTo'));
      return returnTo === undefined ? { session: false } : { session: false, returnTo };
    }

    // Async on purpose: @nestjs/passport resolves its promise with what this returns, so the cookie is set
    // before the handler runs.
    override handleRequest<TUser = unknown>(
      error: unknown,
      user: unknown,
      info: unknown,
      context: ExecutionContext,
      status?: unknown,
    ): TUser {
      return settle(ils, provider, { error, user, info, status }, context) as TUser;
    }
  }
  return ProviderPassportGuard;
}

async function settle(
  ils: IlsAuthService,
  provider: string,
  outcome: { error: unknown; user: unknown; info: unknown; status: unknown },
  context: ExecutionContext,
): Promise<unknown> {
  const http = context.switchToHttp();
  const req = http.getRequest<IlsAuthRequest>();
  const info = (outcome.info ?? {}) as {
    patronSession?: PatronSession;
    returnTo?: string;
    message?: unknown;
    code?: unknown;
  };
  // What the strategy handed Passport includes the core session: it must not stay on the request.
  req.authInfo = undefined;
  if (outcome.error)
    throw isIlsAuthError(outcome.error) ? new IlsAuthHttpException(outcome.error) : outcome.error;
  if (!outcome.user || !info.patronSession)
    throw new IlsAuthHttpException(failure(provider, info, outcome.status));
  const patron = await ils.signIn(req, http.getResponse<IlsAuthResponse>(), provider, info.patronSession);
  const loginInfo: IlsLoginInfo =
    info.returnTo === undefined ? { provider } : { provider, returnTo: info.returnTo };
  req.authInfo = loginInfo;
  return patron;
}

/** Passport's `fail(challenge, status)` as an `IlsAuthError`: the strategies give `{ message, code }`. */
function failure(
  provider: string,
  info: { message?: unknown; code?: unknown },
  status: unknown,
): IlsAuthError {
  const known = (ERROR_CODES as readonly string[]).includes(info.code as string);
  const code: IlsAuthErrorCode = known
    ? (info.code as IlsAuthErrorCode)
    : status === 400
      ? 'invalid_request'
      : 'invalid_credentials';
  const message = typeof info.message === 'string' ? info.message : 'the sign-in failed';
  return new IlsAuthError(code, message, { provider, retryable: false });
}

function barcodeOf(req: IlsAuthRequest): string | undefined {
  const body = req.body;
  if (!body || typeof body !== 'object') return undefined;
  const barcode = (body as Record<string, unknown>).barcode;
  return typeof barcode === 'string' && barcode !== '' ? barcode : undefined;
}

function queryValue(query: unknown, name: string): unknown {
  if (!query || typeof query !== 'object') return undefined;
  return (query as Record<string, unknown>)[name];
}
