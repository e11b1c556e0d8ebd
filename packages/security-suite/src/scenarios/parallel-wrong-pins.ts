import type { Agent } from 'node:http';
import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { CARD_LIMIT } from '../harness.js';
import type { Scenario } from './scenario.js';
import {
  forgetProviderCalls,
  PATRONS,
  pinSignIn,
  providerCalls,
  sameSiteHeaders,
  sendTogether,
  WRONG_PIN,
} from './steps.js';

const GUESSES = 20;

export const parallelWrongPins: Scenario = {
  id: 'parallel-wrong-pins',
  title: `${GUESSES} parallel wrong PINs for one card: at most the limit (${CARD_LIMIT}) reach Sierra`,
  async run({ harness, environment }) {
    forgetProviderCalls(environment);
    const guess = { barcode: PATRONS.guessedInParallel.barcode, pin: WRONG_PIN };
    const guesses = Array.from(
      { length: GUESSES },
      () => (agent: Agent) => pinSignIn(harness, new CookieJar(), guess, sameSiteHeaders(harness), agent),
    );
    const answers = await sendTogether(harness.url, guesses);
    const statuses = answers.map((answer) => answer.status);
    const checked = providerCalls(environment, 'sierra.patrons.validate');
    expect(checked, `PIN checks at Sierra (answers: ${statuses.join(' ')})`).toBeLessThanOrEqual(CARD_LIMIT);
    expect(checked, 'PIN checks at Sierra: the throttle let none through').toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 429).length).toBe(GUESSES - checked);
    expect(
      statuses.every((status) => status === 401 || status === 429),
      statuses.join(' '),
    ).toBe(true);
  },
};
