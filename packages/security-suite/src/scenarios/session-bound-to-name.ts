import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { PATRONS, pinSignIn } from './steps.js';

/**
 * `card` and `catalogue` are one Sierra under two names. A browser signed in to `card` rewrites its
 * session cookie entry `card.<id>` as `catalogue.<id>`: the catalogue's pages must not take it.
 */
export const sessionBoundToName: Scenario = {
  id: 'session-bound-to-name',
  title: 'a session of one provider name presented under another name of the same provider is refused',
  async run({ harness }) {
    const cookieName = harness.sessionCookie;
    const page = harness.cataloguePatron;
    if (!cookieName || !page) throw new Error('this harness names no session cookie or catalogue page');
    const jar = new CookieJar();
    const signedIn = await pinSignIn(harness, jar, PATRONS.first);
    expect(signedIn.status, `the card sign-in answered ${signedIn.status}`).toBeLessThan(400);
    const entry = jar.get(cookieName) ?? '';
    expect(entry, `the session cookie is ${JSON.stringify(entry)}`).toMatch(/^card\./);
    const swapped = new CookieJar([[cookieName, entry.replace(/^card\./, 'catalogue.')]]);
    const answer = await swapped.send(`${harness.url}${page}`);
    expect
      .soft(answer.status, `the swapped entry answered ${answer.status}: ${answer.body.slice(0, 120)}`)
      .toBe(401);
    // And the patron's own session is untouched by the attempt.
    expect.soft((await jar.send(`${harness.url}${harness.patron}`)).status).toBe(200);
  },
};
