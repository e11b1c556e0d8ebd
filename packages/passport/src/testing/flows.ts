import { inspect } from 'node:util';
import { type Browser, type Hop as Page, readForm } from '@ils-auth/test-support';
import { expect } from 'vitest';

/** The sealed transaction cookie's secret: the one every package's tests use. */
export { TEST_SECRET as COOKIE_SECRET } from '@ils-auth/test-support';

/**
 * Starts a sign-in at the app and fills in Sierra's login page; returns the page Sierra answered with:
 * a redirect to the app's callback (not followed) or the login page again.
 */
export async function signInOnSierra(
  browser: Browser,
  startUrl: string,
  credentials: { barcode: string; pin: string },
): Promise<{ start: Page; answer: Page }> {
  const start = await browser.request(startUrl);
  if (start.status !== 302 || !start.location)
    throw new Error(`start answered ${start.status}: ${start.body}`);
  const loginPage = await browser.request(start.location);
  const form = readForm(loginPage.body, loginPage.url);
  const answer = await browser.request(form.action, {
    form: { ...form.fields, code: credentials.barcode, pin: credentials.pin },
  });
  return { start, answer };
}

/**
 * Starts a sign-in at the app and goes through RERO's sign-in and consent pages; returns Rero's answer to
 * the consent form (a redirect to the app's callback, not followed).
 */
export async function signInOnRero(
  browser: Browser,
  startUrl: string,
  credentials: { email: string; password: string },
  consent: 'yes' | 'no' = 'yes',
): Promise<{ start: Page; answer: Page }> {
  const start = await browser.request(startUrl);
  if (start.status !== 302 || !start.location)
    throw new Error(`start answered ${start.status}: ${start.body}`);
  let consentPage = await browser.request(start.location);
  if (consentPage.location) {
    // Not signed in at RERO yet: its sign-in page first, then back to the authorization request.
    const signinPage = await browser.request(consentPage.location);
    const signinForm = readForm(signinPage.body, signinPage.url);
    const signedIn = await browser.request(signinForm.action, {
      form: { ...signinForm.fields, email: credentials.email, password: credentials.password },
    });
    if (!signedIn.location) throw new Error(`signin answered ${signedIn.status}`);
    consentPage = await browser.request(signedIn.location);
  }
  const consentForm = readForm(consentPage.body, consentPage.url);
  const answer = await browser.request(consentForm.action, {
    form: { ...consentForm.fields, confirm: consent },
  });
  return { start, answer };
}

/** Nothing secret in what reached the app, however it is printed. */
export function expectNoSecrets(values: unknown, secrets: readonly (string | undefined)[]): void {
  const printed = [JSON.stringify(values) ?? '', inspect(values, { depth: 10, showHidden: false })];
  for (const secret of secrets) {
    if (!secret) continue;
    for (const text of printed) expect(text).not.toContain(secret);
  }
}

/** The JSON the test app answers with (see testing/test-app.ts). */
interface Answer {
  kind: 'success' | 'fail' | 'error';
  user: unknown;
  info: { message?: string; code?: string; patronSession?: unknown };
  status?: number;
}

/** POSTs the app's sign-in form, urlencoded or as JSON, and reads what it answered. */
export async function post(
  url: string,
  body: Record<string, unknown>,
  json = false,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Answer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}
