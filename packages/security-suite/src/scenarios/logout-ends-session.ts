import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { PATRONS, patronStatus, pinSignIn, sameSiteHeaders } from './steps.js';

export const logoutEndsSession: Scenario = {
  id: 'logout-ends-session',
  title: 'logout ends the server session: the old cookie no longer works',
  async run({ harness }) {
    const jar = new CookieJar();
    expect((await pinSignIn(harness, jar, PATRONS.first)).status).toBeLessThan(400);
    expect(await patronStatus(harness, jar), 'signed in').toBe(200);
    const kept = jar.copy();
    const logout = await jar.send(`${harness.url}${harness.logout}`, {
      method: 'POST',
      headers: sameSiteHeaders(harness),
    });
    expect(logout.status, `logout answered ${logout.body.slice(0, 200)}`).toBeLessThan(400);
    expect(await patronStatus(harness, jar), 'after logout').toBe(401);
    expect(await patronStatus(harness, kept), 'the cookie kept from before logout').toBe(401);
  },
};
