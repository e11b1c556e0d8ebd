import { IlsAuthError } from '../../errors/ils-auth-error.js';
import type { WebRequest } from '../web-request.js';
import { startCodeSignIn, verifyCodeSignIn } from './code-sign-in.js';
import { type EngineSetup, providerNamed } from './engine-setup.js';
import { type PinForm, verifyPinSignIn } from './pin-sign-in.js';
import type { SignedIn } from './signed-in.js';
import type { WebRedirect } from './web-redirect.js';

/** What a request to a provider's sign-in route comes to: a redirect to answer, or a verified sign-in. */
export type SignInStep =
  | { redirect: WebRedirect; signedIn?: never }
  | { signedIn: SignedIn; redirect?: never };

/**
 * The step a request to one provider's sign-in route takes, for an adapter whose one route (a guard, a
 * strategy) serves them all: a PIN provider verifies the posted form; a code-flow provider verifies the
 * callback when the request's path is the callback's (the provider's registered `redirectUri`, else
 * `ownCallbackPath`), and otherwise starts a sign-in that comes back there. `returnTo` is the form's, else
 * the URL's `?returnTo=`. A provider without sign-in is `config_invalid`.
 */
export async function signInStep(
  setup: EngineSetup,
  request: WebRequest,
  name: string,
  options: { ownCallbackPath: string; form?: PinForm },
): Promise<SignInStep> {
  const provider = providerNamed(setup, name);
  const url = new URL(request.url, 'http://path.invalid');
  const returnTo = options.form?.returnTo ?? url.searchParams.get('returnTo') ?? undefined;
  if (provider.signIn === 'pin')
    return { signedIn: await verifyPinSignIn(setup, request, name, { ...options.form, returnTo }) };
  if (provider.signIn !== 'code')
    throw new IlsAuthError('config_invalid', `${setup.owner}: "${name}" has no sign-in (signIn: false)`, {
      retryable: false,
    });
  if (url.pathname === (provider.callbackPath ?? options.ownCallbackPath))
    return { signedIn: await verifyCodeSignIn(setup, request, name) };
  return {
    redirect: await startCodeSignIn(setup, request, name, { redirectUri: options.ownCallbackPath, returnTo }),
  };
}
