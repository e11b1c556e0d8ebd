import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { PinSystem } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { cacheControl, pinSignIn } from './steps.js';

// A PIN sign-in's answer (success or refusal) carries a session cookie or the refusal: no cache may keep it.
export const pinNoStore = (system: PinSystem): Scenario => ({
  id: `${system.idPrefix}pin-no-store` as Scenario['id'],
  title: `${system.name} PIN sign-in answers, accepted or refused, carry Cache-Control: no-store`,
  async run({ harness }) {
    const route = system.route(harness);
    const accepted = await pinSignIn(harness, new CookieJar(), system.patrons.first, undefined, { route });
    expect(accepted.status, accepted.body.slice(0, 200)).toBeLessThan(400);
    expect.soft(cacheControl(accepted), 'accepted').toContain('no-store');
    const wrong = { barcode: system.patrons.first.barcode, pin: system.wrongPin };
    const refused = await pinSignIn(harness, new CookieJar(), wrong, undefined, { route });
    expect(refused.status).toBe(401);
    expect.soft(cacheControl(refused), 'refused').toContain('no-store');
  },
});
