import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { clearsSessionCookie, duringStoreOutage } from './outage-steps.js';
import type { Scenario } from './scenario.js';
import { PATRONS, patronStatus, pinSignIn, sameSiteHeaders } from './steps.js';

// A logout the store cannot hear must not be lost: RedisStore keeps it and writes it back at recovery (the
// logout succeeds); a store that throws has it refused with 503, the cookie cleared and the session ended
// in this process. Either way the cookie copied before the logout is worth nothing afterwards.
export const logoutStoreOutage: Scenario = {
  id: 'logout-store-outage',
  title: 'a logout during a store outage clears the cookie and still holds after recovery',
  async run({ harness, environment }) {
    const jar = new CookieJar();
    expect((await pinSignIn(harness, jar, PATRONS.second)).status).toBeLessThan(400);
    expect(await patronStatus(harness, jar), 'signed in').toBe(200);
    const kept = jar.copy();
    const logout = (from: CookieJar) =>
      from.send(`${harness.url}${harness.logout}`, { method: 'POST', headers: sameSiteHeaders(harness) });
    const during = await duringStoreOutage(environment, () => logout(jar));
    expect([204, 303, 503], `logout answered ${during.status}: ${during.body.slice(0, 200)}`).toContain(
      during.status,
    );
    expect(clearsSessionCookie(harness, during), 'the logout clears the cookie').toBe(true);
    expect(await patronStatus(harness, kept), 'the cookie kept from before the logout').toBe(401);
    // Refused during the outage: a retry with the old cookie now reaches the store, and the session stays
    // ended.
    if (during.status === 503) {
      expect((await logout(kept.copy())).status).toBeLessThan(400);
      expect(await patronStatus(harness, kept), 'after the retried logout').toBe(401);
    }
  },
};
