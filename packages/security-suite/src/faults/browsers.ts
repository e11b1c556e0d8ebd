import { randomBytes } from 'node:crypto';
import type { SierraEmulator } from '@ils-auth/emulator';
import type { Answer } from '@ils-auth/test-support';
import { CookieJar } from '../cookie-jar.js';
import { clearsCookie, retryAfter } from '../scenarios/outage-steps.js';
import type { AppProcess } from './app-process.js';

/** Sierra's PIN checks, as its request log names them: what a guess costs the library. */
const PIN_CHECKS = new Set(['sierra.patrons.validate', 'sierra.patrons.auth']);

export function pinChecks(sierra: SierraEmulator): number {
  return sierra.controls.requests().filter((entry) => PIN_CHECKS.has(entry.endpoint)).length;
}

/** A PIN sign-in as the app's own form posts it, from a browser with no cookies yet. */
export function pinAttempt(
  app: AppProcess,
  credentials: { barcode: string; pin: string },
  jar = new CookieJar(),
): Promise<Answer> {
  return jar.send(`${app.url}/auth/card/login`, {
    method: 'POST',
    json: credentials,
    headers: { origin: app.url, 'sec-fetch-site': 'same-origin' },
  });
}

/** One answer to a guarded request, as the fault suite judges it. */
export interface GuardedAnswer {
  status: number;
  /** `Retry-After` in seconds; NaN when absent. */
  retryAfter: number;
  /** The answer clears the ils-auth session cookie (an empty value or `Max-Age=0`). */
  clearsSession: boolean;
}

/** A browser signed in to one app process, with its cookies. */
export class Browser {
  constructor(
    readonly app: AppProcess,
    readonly jar: CookieJar,
  ) {}

  /** The guarded page's answer, judged: of this browser's app, or of another process of the application. */
  async request(app = this.app): Promise<GuardedAnswer> {
    return judge(await this.jar.send(`${app.url}/me`));
  }

  async guarded(): Promise<number> {
    return (await this.request()).status;
  }

  /** The guarded page of another process, with this browser's cookies as they are now (not updated). */
  async guardedAt(app: AppProcess): Promise<number> {
    return (await this.jar.copy().send(`${app.url}/me`)).status;
  }

  /**
   * Logs out from a copy of this browser's cookies: the browser keeps the old ones, as a copied cookie
   * would be, so that `guardedAt` shows whether the logout holds.
   */
  async logout(): Promise<number> {
    const answer = await this.jar.copy().send(`${this.app.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: this.app.url, 'sec-fetch-site': 'same-origin' },
    });
    return answer.status;
  }
}

function judge(answer: Answer): GuardedAnswer {
  return {
    status: answer.status,
    retryAfter: retryAfter(answer),
    clearsSession: clearsCookie('ils_session', answer),
  };
}

export async function signedInBrowser(
  app: AppProcess,
  credentials: { barcode: string; pin: string },
): Promise<Browser> {
  const jar = new CookieJar();
  const answer = await pinAttempt(app, credentials, jar);
  if (answer.status >= 400)
    throw new Error(`sign-in at ${app.integration} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  return new Browser(app, jar);
}

/**
 * Browsers signed in one after the other: sign-ins in parallel for one card count as parallel guesses
 * (the throttle counts an attempt until its PIN check ends), and the suite's card limit is small.
 */
export async function signedInBrowsers(
  signIns: { app: AppProcess; credentials: { barcode: string; pin: string } }[],
): Promise<Browser[]> {
  const browsers: Browser[] = [];
  for (const { app, credentials } of signIns) browsers.push(await signedInBrowser(app, credentials));
  return browsers;
}

/** Guarded requests from one browser in a loop until `until` (epoch ms), as a patron's page polling. */
export async function guardedLoop(browser: Browser, until: number): Promise<GuardedAnswer[]> {
  const answers: GuardedAnswer[] = [];
  while (Date.now() < until) {
    answers.push(await browser.request());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return answers;
}

/**
 * Waits until every process answers from Redis again. An app that reads the ils-auth session cookie is
 * asked for a session nobody ever had: 503 while its store cannot say, 401 once Redis says "no such
 * session". The Passport app (its own express-session cookie) is asked for a PIN sign-in with `credentials`:
 * 503 while its throttle cannot count, a sign-in once it can (only for apps that refuse during outages).
 */
export async function untilStoreAnswers(
  apps: AppProcess[],
  credentials: { barcode: string; pin: string },
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const waiting = new Set(apps);
  const unknownSession = new CookieJar([['ils_session', `card.${randomBytes(32).toString('base64url')}`]]);
  const answers = async (app: AppProcess) =>
    app.integration === 'passport'
      ? (await pinAttempt(app, credentials)).status < 400
      : (await unknownSession.copy().send(`${app.url}/me`)).status === 401;
  for (;;) {
    for (const app of [...waiting]) if (await answers(app)) waiting.delete(app);
    if (waiting.size === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `${waiting.size} process(es) still not answering from Redis ${timeoutMs} ms after recovery`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
