import { Agent } from 'node:http';
import { signInOnRero } from '@ils-auth/emulator';
import { type Answer, send } from '@ils-auth/test-support';
import { expect } from 'vitest';
import type { CookieJar } from '../cookie-jar.js';
import type { Harness, HarnessEnvironment } from '../harness.js';
import { SIERRA_PIN } from './pin-systems.js';

/**
 * Seeded patrons of the emulators for the scenarios that are not about PINs (those take theirs from
 * `pin-systems.ts`). Each scenario signs in with its own card.
 */
export const PATRONS = {
  first: SIERRA_PIN.patrons.first,
  second: { barcode: '21913000000003', pin: '4321' },
  rero: { email: 'jean.simon@example.ch', password: 'Valais-2024' },
};

/** What the app's own pages send along with a form post (a browser adds them). */
export function sameSiteHeaders(harness: Harness): Record<string, string> {
  return { origin: harness.url, 'sec-fetch-site': 'same-origin' };
}

/** A PIN sign-in at `route` (default: Sierra's, `harness.pinLogin`), optionally on an open connection. */
export function pinSignIn(
  harness: Harness,
  jar: CookieJar,
  credentials: { barcode: string; pin: string },
  headers: Record<string, string> = sameSiteHeaders(harness),
  { route = harness.pinLogin, agent }: { route?: string; agent?: Agent } = {},
): Promise<Answer> {
  return jar.send(`${harness.url}${route}`, {
    method: 'POST',
    json: credentials,
    headers,
    ...(agent ? { agent } : {}),
  });
}

/** How many requests reached one endpoint of the emulators (`sierra.patrons.validate`, `rero.token`, …). */
/** Every emulator the harnesses talk to. */
export function emulatorsOf(environment: HarnessEnvironment) {
  const { sierra, overdrive, rero, koha } = environment.emulators;
  return [sierra, overdrive, rero, koha];
}

export function providerCalls(environment: HarnessEnvironment, endpoint?: string): number {
  return emulatorsOf(environment)
    .flatMap((emulator) => emulator.controls.requests())
    .filter((entry) => endpoint === undefined || entry.endpoint === endpoint).length;
}

export function forgetProviderCalls(environment: HarnessEnvironment): void {
  for (const emulator of emulatorsOf(environment)) emulator.controls.clearRequests();
}

/** A redirect's answer: 301, 302, 303, 307 or 308 with a Location. */
export function isRedirect(answer: Answer): boolean {
  return answer.status >= 300 && answer.status < 400 && answer.location !== undefined;
}

/** Starts RERO's code flow at the app: normally a redirect to RERO's authorization page. */
export function startCodeFlow(harness: Harness, jar: CookieJar, returnTo?: string): Promise<Answer> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  return jar.send(`${harness.url}${harness.codeLogin}${query}`, { headers: { accept: 'text/html' } });
}

/** Signs in on RERO's pages after `login` sent the browser there: the callback URL (code and state). */
export async function signInAtRero(
  harness: Harness,
  environment: HarnessEnvironment,
  login: Answer,
): Promise<string> {
  expect(isRedirect(login), `the login route answered ${login.status}: ${login.body.slice(0, 200)}`).toBe(
    true,
  );
  expect(login.location?.startsWith(environment.emulators.rero.url), `redirected to ${login.location}`).toBe(
    true,
  );
  const callbackUrl = await signInOnRero(login.location ?? '', PATRONS.rero.email, PATRONS.rero.password);
  return new URL(callbackUrl, harness.url).href;
}

/** The two steps above: the callback URL, and the login route's answer. */
export async function reroCallbackUrl(
  harness: Harness,
  environment: HarnessEnvironment,
  jar: CookieJar,
): Promise<{ callbackUrl: string; login: Answer }> {
  const login = await startCodeFlow(harness, jar);
  return { callbackUrl: await signInAtRero(harness, environment, login), login };
}

export function deliver(callbackUrl: string, jar: CookieJar, agent?: Agent): Promise<Answer> {
  return jar.send(callbackUrl, { headers: { accept: 'text/html' }, ...(agent ? { agent } : {}) });
}

/**
 * Requests written at the same moment on connections opened beforehand: the app reads them in one go, as
 * from a retrying proxy or a guessing script, so a read-then-write guard races as it would in production.
 */
export async function sendTogether(
  origin: string,
  requests: ((agent: Agent) => Promise<Answer>)[],
): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: requests.length });
  try {
    await Promise.all(requests.map(() => send(`${origin}/`, { agent })));
    return await Promise.all(requests.map((request) => request(agent)));
  } finally {
    agent.destroy();
  }
}

/** 200 while signed in, 401 otherwise, at the harness's protected page. */
export async function patronStatus(harness: Harness, jar: CookieJar): Promise<number> {
  if (harness.patron === undefined) throw new Error('this harness keeps no session');
  return (await jar.send(`${harness.url}${harness.patron}`)).status;
}

export function cacheControl(answer: Answer): string {
  const value = answer.headers['cache-control'];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
