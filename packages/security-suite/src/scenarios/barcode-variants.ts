import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { CARD_LIMIT } from '../harness.js';
import type { PinSystem } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { pinSignIn } from './steps.js';

export const barcodeVariants = (system: PinSystem): Scenario => ({
  id: `${system.idPrefix}barcode-variants` as Scenario['id'],
  title: `card case and space variants (${system.cardVariants
    .slice(1, 3)
    .map((variant) => `"${variant}"`)
    .join(', ')}, …) count as one card at ${system.name}`,
  async run({ harness, environment }) {
    system.forgetChecks(environment);
    const statuses: number[] = [];
    const route = system.route(harness);
    for (const barcode of system.cardVariants) {
      const guess = { barcode, pin: system.wrongPin };
      statuses.push((await pinSignIn(harness, new CookieJar(), guess, undefined, { route })).status);
    }
    expect(system.checksAtSystem(environment), statuses.join(' ')).toBe(CARD_LIMIT);
    expect(statuses.slice(CARD_LIMIT)).toEqual(system.cardVariants.slice(CARD_LIMIT).map(() => 429));
  },
});
