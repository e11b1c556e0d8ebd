import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { attachCookies } from '../error-cookies.js';
import type { EngineRequest } from './engine-request.js';
import { assertRequestSameOrigin } from './pin-sign-in.js';
import { returnToOf } from './request-site.js';
import { clearSessionCookie } from './session-cookie-jar.js';
import { emitEvent } from './sign-in-hooks.js';
import { signInRedirect, type WebRedirect } from './web-redirect.js';

/** How a patron signs out: one provider's session or all of the browser's; `everywhere` ends every browser's. */
export interface SignOutOptions {
  /** Only this provider's session; default every session of the browser. */
  provider?: string;
  /** Also end the patron's sessions in every other browser (see `SignedOutEverywhere`). */
  everywhere?: boolean;
  /** Where to go afterwards (untrusted: checked to be a path on this site). */
  returnTo?: unknown;
  /** Where to go when `returnTo` is missing or refused. Default `defaultReturnTo`. */
  afterLogout?: string;
  /**
   * The posted form of a sign-out route: its `returnTo` and `everywhere` (a checkbox: `true`, `1`, `on`,
   * `yes`) count, else the URL's, unless the options above say otherwise.
   */
  form?: Readonly<Record<string, unknown>>;
}

const YES = new Set<unknown>([true, 'true', '1', 'on', 'yes']);

/**
 * A patron's sign-out: refused when another site posted it; ends the request's sessions (or one
 * provider's) in the store, those started earlier in this same request included; with `everywhere`, the
 * patron's sessions in every other browser too; tells `events.signOut` per patron. The answer is the 303
 * to where they go, with the cookie that keeps the other sessions (or clears it).
 */
export async function signOut<Req>(
  state: EngineRequest<Req>,
  options: SignOutOptions = {},
): Promise<WebRedirect> {
  const { setup, request } = state;
  assertRequestSameOrigin(setup, request);
  const { provider, form } = options;
  const query = form && new URL(request.url, 'http://path.invalid').searchParams;
  const everywhere = options.everywhere ?? YES.has(form?.everywhere ?? query?.get('everywhere'));
  const asked = options.returnTo ?? form?.returnTo ?? query?.get('returnTo') ?? undefined;
  // The name usually comes from the URL (`POST /auth/:provider/logout`): a made-up one is the request's
  // mistake (404), not a misconfiguration (500, logged).
  if (provider !== undefined && !setup.providers.has(provider))
    throw new IlsAuthError('unknown_provider', 'no provider of that name is configured', {
      retryable: false,
    });
  // Read the sessions to tell who signs out; if the store cannot say, the sessions still end (in this
  // process at least) and the cookie is cleared before the error is answered: an outage never keeps a
  // patron signed in.
  let loadError: unknown;
  await state.load().catch((error: unknown) => {
    loadError = error;
  });
  const ending = Object.values(state.patrons).filter(
    (patron) => provider === undefined || patron.provider === provider,
  );
  if (everywhere && loadError === undefined)
    for (const patron of ending) {
      const session = state.sessionOf(patron.provider);
      if (session) await setup.signedOutEverywhere.signOut(session);
    }
  const cookies = await state.endSessions(provider);
  if (loadError !== undefined)
    throw attachCookies(loadError, cookies.length ? cookies : [clearSessionCookie(setup, request)]);
  const { events, eventError } = setup.hooks;
  for (const patron of ending)
    await emitEvent(
      events.signOut,
      { patron, provider: patron.provider, everywhere, req: state.req },
      eventError,
    );
  const returnTo = returnToOf(setup.options, asked, options.afterLogout);
  return signInRedirect(303, returnTo, cookies.length ? cookies : [clearSessionCookie(setup, request)]);
}
