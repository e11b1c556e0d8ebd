import type { Agent } from 'node:http';
import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { CARD_LIMIT } from '../harness.js';
import type { PinSystem } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { pinSignIn, sameSiteHeaders, sendTogether } from './steps.js';

const GUESSES = 20;

export const parallelWrongPins = (system: PinSystem): Scenario => ({
  id: `${system.idPrefix}parallel-wrong-pins` as Scenario['id'],
  title: `${GUESSES} parallel wrong PINs for one card: at most the limit (${CARD_LIMIT}) reach ${system.name}`,
  async run({ harness, environment }) {
    system.forgetChecks(environment);
    const guess = { barcode: system.patrons.guessedInParallel.barcode, pin: system.wrongPin };
    const route = system.route(harness);
    const guesses = Array.from(
      { length: GUESSES },
      () => (agent: Agent) =>
        pinSignIn(harness, new CookieJar(), guess, sameSiteHeaders(harness), { route, agent }),
    );
    const answers = await sendTogether(harness.url, guesses);
    const statuses = answers.map((answer) => answer.status);
    const checked = system.checksAtSystem(environment);
    expect(checked, `PIN checks at ${system.name} (answers: ${statuses.join(' ')})`).toBeLessThanOrEqual(
      CARD_LIMIT,
    );
    expect(checked, `PIN checks at ${system.name}: the throttle let none through`).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 429).length).toBe(GUESSES - checked);
    expect(
      statuses.every((status) => status === 401 || status === 429),
      statuses.join(' '),
    ).toBe(true);
  },
});
