import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { cacheControl, deliver, PATRONS, pinSignIn, reroCallbackUrl } from './steps.js';

// Sign-in answers carry cookies and state: no cache (browser or shared) may keep one.
export const noStore: Scenario = {
  id: 'no-store',
  title: 'sign-in answers carry Cache-Control: no-store',
  async run({ harness, environment }) {
    const pin = await pinSignIn(harness, new CookieJar(), PATRONS.first);
    expect(pin.status, pin.body.slice(0, 200)).toBeLessThan(400);
    expect.soft(cacheControl(pin), 'PIN sign-in').toContain('no-store');

    const jar = new CookieJar();
    const { callbackUrl, login } = await reroCallbackUrl(harness, environment, jar);
    expect.soft(cacheControl(login), 'code flow: redirect to the provider').toContain('no-store');
    expect.soft(cacheControl(await deliver(callbackUrl, jar)), 'code flow: callback').toContain('no-store');
  },
};
