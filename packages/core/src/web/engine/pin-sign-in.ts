import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { normalizeClientIp } from '../client-ip.js';
import { pinlessAllowed } from '../pinless-sign-in.js';
import { assertSameOrigin } from '../same-origin.js';
import { throttledLogin } from '../throttled-login.js';
import type { WebRequest } from '../web-request.js';
import { type EngineSetup, providerNamed } from './engine-setup.js';
import { returnToOf, siteOrigin } from './request-site.js';
import type { SignedIn } from './signed-in.js';

/** What a PIN sign-in form posts; every field is untrusted input. */
export interface PinForm {
  barcode?: unknown;
  pin?: unknown;
  returnTo?: unknown;
}

/**
 * Verifies a card number and PIN posted by the app's own form: refused when another site sent it (login
 * CSRF), counted by the throttle per normalised card and per client IP before the provider sees it, then
 * checked by core. Returns the new session; no hook runs and no session cookie is written here.
 */
export async function verifyPinSignIn(
  setup: EngineSetup,
  request: WebRequest,
  name: string,
  form: PinForm,
): Promise<SignedIn> {
  const provider = providerNamed(setup, name);
  assertRequestSameOrigin(setup, request);
  const { descriptor } = provider;
  if (provider.signIn !== 'pin')
    throw new IlsAuthError(
      'config_invalid',
      `${descriptor.displayName} ("${name}") does not sign in by PIN`,
      {
        retryable: false,
      },
    );
  const { barcode, pin } = form;
  if ((pin === undefined || pin === '') && !pinlessAllowed(descriptor))
    throw new IlsAuthError('invalid_input', 'the pin is missing', { provider: descriptor.id, status: 400 });
  const session = await throttledLogin(
    provider.auth,
    setup.throttle,
    { barcode, pin },
    normalizeClientIp(request.ip),
  );
  return { provider, session, returnTo: returnToOf(setup.options, form.returnTo), cookies: [] };
}

/** Refuses a post that another site made the browser send (login CSRF); see `assertSameOrigin`. */
export function assertRequestSameOrigin(setup: EngineSetup, request: WebRequest): void {
  assertSameOrigin(request, siteOrigin(setup.options, request), setup.options.trustedOrigins);
}
