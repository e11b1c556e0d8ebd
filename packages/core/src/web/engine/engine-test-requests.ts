import type { SetCookie } from '../cookies.js';
import type { WebRequest } from '../web-request.js';
import type { EngineRequest } from './engine-request.js';
import type { IlsAuthEngine } from './ils-auth-engine.js';
import type { SignedIn } from './signed-in.js';

// Requests as an adapter hands them to the engine, for the engine's own tests.

export const ENGINE_TEST_SECRET = 'a-secret-of-at-least-thirty-two-characters';
export const ENGINE_TEST_SITE = 'http://127.0.0.1:5999';

export function getRequest(url: string, headers: Record<string, string> = {}): WebRequest {
  return { method: 'GET', url, headers: { host: '127.0.0.1:5999', ...headers }, ip: '203.0.113.5' };
}

export function postRequest(url: string, headers: Record<string, string> = {}): WebRequest {
  return { ...getRequest(url, headers), method: 'POST' };
}

/** The request's sessions, read. */
export async function loadedRequest<Req>(
  engine: IlsAuthEngine<Req>,
  request: WebRequest,
  req?: Req,
): Promise<EngineRequest<Req>> {
  const state = engine.request(request, req as Req);
  await state.load();
  return state;
}

/** Finishes a verified sign-in as an adapter does and returns the cookies it writes (the session's last). */
export async function finishSignIn<Req>(
  engine: IlsAuthEngine<Req>,
  request: WebRequest,
  signedIn: SignedIn,
  req?: Req,
): Promise<SetCookie[]> {
  return (await engine.request(request, req as Req).signIn(signedIn)).redirect.cookies;
}

/** The `Cookie` header of a browser that signed in to `provider` (a PIN route) from the test site. */
export async function signedInBrowser<Req>(
  engine: IlsAuthEngine<Req>,
  provider: string,
  credentials: { barcode: string; pin: string },
): Promise<Record<string, string>> {
  const form = postRequest(`/auth/${provider}/login`, { origin: ENGINE_TEST_SITE });
  const cookies = await finishSignIn(engine, form, await engine.verifyPinSignIn(form, provider, credentials));
  return cookieHeader(cookies.at(-1)!);
}

/** The `Cookie` header a browser sends after being given `cookie`. */
export function cookieHeader(cookie: Pick<SetCookie, 'name' | 'value'>): Record<string, string> {
  return { cookie: `${cookie.name}=${cookie.value}` };
}

/** The code an engine step fails with, or `signed in`. */
export function outcomeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => 'signed in',
    (error: { code?: string }) => error.code,
  );
}
