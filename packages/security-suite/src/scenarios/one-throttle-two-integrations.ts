import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { CARD_LIMIT } from '../harness.js';
import { SIERRA_PIN } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { pinSignIn, sameSiteHeaders } from './steps.js';

// A card no other scenario guesses at: its counter starts at zero.
const CARD = '21913000000004';

export const oneThrottleTwoIntegrations: Scenario = {
  id: 'one-throttle-two-integrations',
  title: `wrong PINs for one card through two integrations of one app: at most the limit (${CARD_LIMIT}) reach Sierra`,
  async run({ harness, environment }) {
    const second = harness.secondIntegrationPinLogin;
    if (!second) throw new Error('this harness has one integration');
    SIERRA_PIN.forgetChecks(environment);
    const statuses: number[] = [];
    // Alternating, as a guesser who found the second form would: each route alone stays under the limit.
    for (let guess = 0; guess < 2 * CARD_LIMIT + 2; guess++) {
      const route = guess % 2 === 0 ? harness.pinLogin : second;
      const answer = await pinSignIn(
        harness,
        new CookieJar(),
        { barcode: CARD, pin: SIERRA_PIN.wrongPin },
        sameSiteHeaders(harness),
        { route },
      );
      statuses.push(answer.status);
    }
    const checked = SIERRA_PIN.checksAtSystem(environment);
    expect(checked, `PIN checks at Sierra (answers: ${statuses.join(' ')})`).toBe(CARD_LIMIT);
    expect(
      statuses.slice(CARD_LIMIT).every((status) => status === 429),
      statuses.join(' '),
    ).toBe(true);
  },
};
