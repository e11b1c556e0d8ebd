import type { ThrottleAttempt } from '@ils-auth/core';
import { IlsAuthError, isIlsAuthError, type PatronCredentials } from '@ils-auth/core';
import type { RequestHandler } from 'express';
import { assertSameOrigin, clientIpOf, wantsJson, withQuery } from './request-helpers.js';
import { safeReturnTo } from './return-to.js';
import type { IlsAuthRuntime, ProviderRuntime } from './runtime.js';
import { startSession } from './start-session.js';

/**
 * POST `<base>/<name>/login` with `barcode`, `pin` and optional `returnTo` (form or JSON): the target of
 * the app's own sign-in form. Answers JSON `{ patron }` to JSON callers, else 303 to `returnTo`.
 */
export function pinLogin(runtime: IlsAuthRuntime, provider: ProviderRuntime): RequestHandler {
  return async (req, res) => {
    assertSameOrigin(req, runtime.options.origin);
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    const returnTo = safeReturnTo(body.returnTo ?? req.query.returnTo, runtime.options.defaultReturnTo);
    const clientIp = clientIpOf(req);
    const { barcode, pin } = body;
    if (pin === undefined || pin === '') refuseMissingPin(provider);

    let attempt: ThrottleAttempt | undefined;
    // Anything that is not a usable barcode is refused by core below without reaching the provider.
    if (runtime.throttle && typeof barcode === 'string' && barcode.trim() !== '' && barcode.length <= 128) {
      attempt = await runtime.throttle.reserve(
        provider.descriptor.id,
        barcode.trim().toLowerCase(),
        clientIp,
      );
    }
    let session: Awaited<ReturnType<typeof provider.auth.login>>;
    try {
      session = await provider.auth.login({ barcode, pin } as PatronCredentials, { clientIp });
    } catch (error) {
      if (isIlsAuthError(error) && error.code === 'invalid_credentials') await attempt?.failed();
      else await attempt?.abandoned();
      throw error;
    }
    await attempt?.succeeded();
    await startSession(runtime, req, res, provider.name, session);
    res.set('Cache-Control', 'no-store');
    if (wantsJson(req)) res.json({ patron: req.patron });
    else res.redirect(303, returnTo);
  };
}

/**
 * A form sent without a PIN is the patron's mistake (400), not our configuration's: core would call it
 * `config_invalid`. Only PIN-less collections (OverDrive's placeholder password) sign in without one.
 */
function refuseMissingPin(provider: ProviderRuntime): void {
  const { descriptor } = provider;
  if (!descriptor.patron?.checkPin && descriptor.passwordGrant?.placeholderPassword !== undefined) return;
  throw new IlsAuthError('invalid_input', 'the pin is missing', { provider: descriptor.id, status: 400 });
}

/** GET on a PIN provider's login route: the form is the app's, at `loginPage`. */
export function showLoginPage(runtime: IlsAuthRuntime, provider: ProviderRuntime): RequestHandler {
  return (req, res) => {
    if (!provider.loginPage) {
      res.set('Allow', 'POST');
      res.status(405).json({
        error: {
          code: 'invalid_request',
          message: `post the ${provider.descriptor.displayName} sign-in form here`,
        },
      });
      return;
    }
    const returnTo = safeReturnTo(req.query.returnTo, runtime.options.defaultReturnTo);
    res.redirect(302, withQuery(provider.loginPage, 'returnTo', returnTo));
  };
}
