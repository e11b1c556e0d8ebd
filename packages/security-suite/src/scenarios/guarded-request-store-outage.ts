import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { clearsSessionCookie, duringStoreOutage, retryAfter, unknownSessionJar } from './outage-steps.js';
import type { Scenario } from './scenario.js';
import { PATRONS, patronStatus, pinSignIn } from './steps.js';

const REQUESTS = 5;

// The outage model: a session this process read recently is served; one it cannot verify is answered 503
// with Retry-After; a cookie is cleared only when the store says the session is gone.
export const guardedRequestStoreOutage: Scenario = {
  id: 'guarded-request-store-outage',
  title:
    'a guarded request when the store cannot answer is not signed out: served, or 503 + Retry-After; no cookie cleared',
  async run({ harness, environment }) {
    const jar = new CookieJar();
    expect((await pinSignIn(harness, jar, PATRONS.second)).status).toBeLessThan(400);
    expect(await patronStatus(harness, jar), 'signed in, before the outage').toBe(200);
    const unknown = unknownSessionJar(harness);
    const { answers, unverifiable } = await duringStoreOutage(environment, async () => {
      const answers = [];
      for (let i = 0; i < REQUESTS; i++) answers.push(await jar.send(`${harness.url}${harness.patron}`));
      return { answers, unverifiable: await unknown.send(`${harness.url}${harness.patron}`) };
    });
    for (const answer of answers) {
      expect(answer.status, `a session read moments ago: ${answer.body.slice(0, 200)}`).toBe(200);
      expect(clearsSessionCookie(harness, answer), 'cookie cleared').toBe(false);
    }
    expect(
      unverifiable.status,
      `a session the store cannot confirm: ${unverifiable.body.slice(0, 200)}`,
    ).toBe(503);
    expect(retryAfter(unverifiable), 'Retry-After').toBeGreaterThanOrEqual(1);
    expect(clearsSessionCookie(harness, unverifiable), 'cookie cleared without an answer').toBe(false);

    expect(await patronStatus(harness, jar), 'after the outage').toBe(200);
    expect(await patronStatus(harness, unknown), 'the unknown session, once the store says so').toBe(401);
  },
};
