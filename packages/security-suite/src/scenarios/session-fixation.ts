import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { PATRONS, patronStatus, pinSignIn } from './steps.js';

// An attacker signs in, plants their own session cookie in the victim's browser, and waits for the
// victim to sign in on top of it.
export const sessionFixation: Scenario = {
  id: 'session-fixation',
  title: 'a session cookie planted before sign-in is not the one after, and the planted id is dead',
  async run({ harness }) {
    const cookieName = harness.sessionCookie ?? '';
    const jar = new CookieJar();
    expect((await pinSignIn(harness, jar, PATRONS.first)).status).toBeLessThan(400);
    const planted = jar.get(cookieName);
    expect(planted, `no ${cookieName} cookie after a sign-in`).toBeDefined();

    expect((await pinSignIn(harness, jar, PATRONS.second)).status).toBeLessThan(400);
    const after = jar.get(cookieName);
    expect(after, 'the session cookie after the second sign-in').toBeDefined();
    expect(after === planted, 'the planted session cookie was kept through a sign-in').toBe(false);
    expect(await patronStatus(harness, new CookieJar([[cookieName, planted ?? '']])), 'the planted id').toBe(
      401,
    );
    expect(await patronStatus(harness, jar), 'the new session').toBe(200);
  },
};
