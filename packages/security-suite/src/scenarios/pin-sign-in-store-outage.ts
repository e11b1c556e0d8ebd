import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { duringStoreOutage, retryAfter } from './outage-steps.js';
import type { Scenario } from './scenario.js';
import { forgetProviderCalls, PATRONS, pinSignIn, providerCalls } from './steps.js';

// A throttle that cannot count must not let a PIN through: each process would otherwise give each card its
// own allowance, and its counts would be lost when the store comes back.
export const pinSignInStoreOutage: Scenario = {
  id: 'pin-sign-in-store-outage',
  title:
    'a PIN sign-in when the throttle cannot count (store outage) answers 503 + Retry-After and reaches no provider',
  async run({ harness, environment }) {
    forgetProviderCalls(environment);
    const answer = await duringStoreOutage(environment, () =>
      pinSignIn(harness, new CookieJar(), PATRONS.first),
    );
    expect(answer.status, answer.body.slice(0, 200)).toBe(503);
    expect(retryAfter(answer), 'Retry-After').toBeGreaterThanOrEqual(1);
    expect(providerCalls(environment), 'requests that reached a provider').toBe(0);
    expect(answer.body).not.toContain(PATRONS.first.pin);

    const after = await pinSignIn(harness, new CookieJar(), PATRONS.first);
    expect(after.status, `the same sign-in after the outage: ${after.body.slice(0, 200)}`).toBeLessThan(400);
  },
};
