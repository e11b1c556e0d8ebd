import type { SetCookie } from '@ils-auth/core/web';
import { safeReturnTo, withQuery } from '@ils-auth/core/web';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import type { IlsAuthSetup } from './options.js';
import type { Patron } from './patron.js';
import { patronFromSession, setRequestPatron } from './patron-session.js';
import { toWebRequest } from './web-request.js';
import { appendCookies } from './web-response.js';

/** What one request learnt about the browser's sessions: read once, whichever guard or service asks first. */
interface RequestSessions {
  readonly setup: IlsAuthSetup;
  loaded: Promise<void> | undefined;
  /** Providers whose session ended during this request: a re-sign-in goes to the last of them. */
  readonly ended: string[];
  /** The cookie without the ended entries, written by the first caller that has the response. */
  cookies: SetCookie[];
}

const requests = new WeakMap<object, RequestSessions>();

function sessionsOf(setup: IlsAuthSetup, req: IlsAuthRequest): RequestSessions {
  let state = requests.get(req);
  if (!state || state.setup !== setup) {
    state = { setup, loaded: undefined, ended: [], cookies: [] };
    requests.set(req, state);
  }
  return state;
}

/**
 * Sets `req.patrons` (every provider the browser has a live session with) and `req.patron` (the first of
 * them in `providers` order) from core's `currentSessions`, once per request. Entries of sessions that are
 * over leave the cookie (written when `res` is given), and their providers are remembered for re-sign-in.
 */
export async function loadPatrons(
  setup: IlsAuthSetup,
  req: IlsAuthRequest,
  res?: IlsAuthPlatformResponse,
): Promise<void> {
  const state = sessionsOf(setup, req);
  state.loaded ??= readPatrons(state, req);
  await state.loaded;
  if (res && state.cookies.length) {
    appendCookies(res, state.cookies);
    state.cookies = [];
  }
}

async function readPatrons(state: RequestSessions, req: IlsAuthRequest): Promise<void> {
  const { web, callbacks } = state.setup;
  const request = toWebRequest(req);
  const entries = web.readSessionCookies(request);
  if (entries.length === 0) return setPatrons(state.setup, req, []);
  const { sessions, ended, cookies } = await web.currentSessions(request, entries);
  const mapsUsers = callbacks.signIn !== undefined;
  const patrons = await Promise.all(
    sessions.map(async ({ provider, session }) =>
      patronFromSession(provider.name, session, mapsUsers ? await web.users.load(session.id) : undefined),
    ),
  );
  setPatrons(state.setup, req, patrons);
  state.ended.push(...ended);
  state.cookies = cookies;
}

function setPatrons(setup: IlsAuthSetup, req: IlsAuthRequest, patrons: readonly Patron[]): void {
  const order = [...setup.web.providers.keys()];
  const sorted = [...patrons].sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider));
  req.patrons = Object.freeze(Object.fromEntries(sorted.map((patron) => [patron.provider, patron])));
  setRequestPatron(req, sorted[0]);
}

/**
 * Adds (or replaces) the provider's patron after a sign-in (`loadPatrons` ran before it). The sign-in's
 * own cookie replaces the one that `loadPatrons` would have written, which no longer holds. On the login
 * route `req.patron` is the patron who just signed in, not the first configured provider's: `ebooksLogin(
 * @Patron() patron)` answers the e-book patron even when the browser also holds a catalogue session.
 */
export function addPatron(setup: IlsAuthSetup, req: IlsAuthRequest, patron: Patron): void {
  const state = sessionsOf(setup, req);
  state.cookies = [];
  state.loaded ??= Promise.resolve();
  const ended = state.ended.indexOf(patron.provider);
  if (ended >= 0) state.ended.splice(ended, 1);
  const others = Object.values(req.patrons ?? {}).filter((other) => other.provider !== patron.provider);
  setPatrons(setup, req, [...others, patron]);
  setRequestPatron(req, patron);
}

/** Removes one provider's patron, or every one, after a sign-out. */
export function removePatrons(setup: IlsAuthSetup, req: IlsAuthRequest, provider?: string): void {
  const kept = Object.values(req.patrons ?? {}).filter(
    (patron) => provider !== undefined && patron.provider !== provider,
  );
  setPatrons(setup, req, kept);
}

/** Records that a provider's session ended during this request (its tokens were refused). */
export function sessionEnded(setup: IlsAuthSetup, req: IlsAuthRequest, provider: string): void {
  const { ended } = sessionsOf(setup, req);
  if (!ended.includes(provider)) ended.push(provider);
}

/**
 * Where a patron whose session ended this request signs in again: the login route (or the PIN form page)
 * of the provider whose session ended, back to this page afterwards. Undefined when no session ended here,
 * or that provider offers no sign-in.
 */
export function reSignInUrl(req: IlsAuthRequest): string | undefined {
  const state = requests.get(req);
  const name = state?.ended.at(-1);
  if (!state || name === undefined) return undefined;
  const provider = state.setup.web.providers.get(name);
  if (!provider?.signIn) return undefined;
  const path =
    provider.signIn === 'pin' && provider.loginPage
      ? provider.loginPage
      : `${state.setup.basePath}/${provider.name}/login`;
  return withQuery(path, 'returnTo', safeReturnTo(toWebRequest(req).url, '/'));
}
