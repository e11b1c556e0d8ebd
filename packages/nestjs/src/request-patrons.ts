import { type EngineRequest, type Patron, type SignedIn, signInAgainLocation } from '@ils-auth/core/web';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import type { IlsAuthSetup } from './options.js';
import { toWebRequest } from './web-request.js';
import { appendCookies, setHeaders } from './web-response.js';

/**
 * The engine's request behind each Nest request, made by whichever guard or service asks first and kept
 * on the request itself under a symbol: a `WeakMap` keyed by the request cost every guarded request ~20 µs
 * of CPU, most of it in garbage collection (measured: bench/README.md, benchmark 2b).
 */
const ENGINE_REQUEST = Symbol.for('@ils-auth/nestjs engine request v1');
type EngineState = EngineRequest<IlsAuthRequest>;
type EngineRequestHolder = { [ENGINE_REQUEST]?: { setup: IlsAuthSetup; state: EngineState } };

export function engineRequestOf(setup: IlsAuthSetup, req: IlsAuthRequest): EngineState {
  const holder = req as EngineRequestHolder;
  let known = holder[ENGINE_REQUEST];
  if (!known || known.setup !== setup) {
    known = { setup, state: setup.engine.request(toWebRequest(req), req) };
    holder[ENGINE_REQUEST] = known;
  }
  return known.state;
}

/**
 * Loads the browser's sessions (once per request) into `req.patrons`, `req.patron` and `req.user`: at once
 * with the in-process store (see core's `loadAtOnce`), so a guard can answer without a promise; else the
 * promise of the load.
 */
export function loadPatrons(
  setup: IlsAuthSetup,
  req: IlsAuthRequest,
  res?: IlsAuthPlatformResponse,
): Promise<void> | undefined {
  const state = engineRequestOf(setup, req);
  if (state.loadAtOnce()) return void syncPatrons(req, state, res);
  return state.load().then(() => syncPatrons(req, state, res));
}

/** Makes the engine's patrons the request's: `req.patron`, and `req.user` as Nest apps expect. */
export function syncPatrons(req: IlsAuthRequest, state: EngineState, res?: IlsAuthPlatformResponse): void {
  req.patrons = state.patrons;
  req.patron = state.patron;
  req.user = state.patron;
  if (res) appendCookies(res, state.takeCookies());
}

/**
 * The engine finishes a verified sign-in (callback, session cookie, event); this writes its cookies and
 * `Cache-Control: no-store`, and sets `req.patron`, `req.patrons`, `req.user` and `req.authInfo`.
 */
export async function finishSignIn(
  setup: IlsAuthSetup,
  req: IlsAuthRequest,
  res: IlsAuthPlatformResponse,
  signedIn: SignedIn,
): Promise<Patron> {
  const state = engineRequestOf(setup, req);
  const { patron, redirect } = await state.signIn(signedIn);
  appendCookies(res, redirect.cookies);
  setHeaders(res, redirect.headers);
  syncPatrons(req, state);
  req.authInfo = { provider: patron.provider, returnTo: redirect.location };
  return patron;
}

/** Where a patron whose session ended during this request signs in again, back to this page. */
export function reSignInUrl(req: IlsAuthRequest): string | undefined {
  const known = (req as EngineRequestHolder)[ENGINE_REQUEST];
  return known && signInAgainLocation(known.state, known.setup.basePath);
}
