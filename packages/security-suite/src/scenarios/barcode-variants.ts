import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { CARD_LIMIT } from '../harness.js';
import type { Scenario } from './scenario.js';
import { forgetProviderCalls, pinSignIn, providerCalls, WRONG_PIN } from './steps.js';

// One seeded card, written as a patron (or a guesser) might: case and spaces must not make a new card.
const VARIANTS = ['LibCard42', ' LibCard42', 'libcard42', 'LIBCARD42', 'LibCard42 ', ' libcard42'];

export const barcodeVariants: Scenario = {
  id: 'barcode-variants',
  title: 'barcode case and space variants (" LibCard42", "libcard42", …) count as one card',
  async run({ harness, environment }) {
    forgetProviderCalls(environment);
    const statuses: number[] = [];
    for (const barcode of VARIANTS) {
      statuses.push((await pinSignIn(harness, new CookieJar(), { barcode, pin: WRONG_PIN })).status);
    }
    expect(providerCalls(environment, 'sierra.patrons.validate'), statuses.join(' ')).toBe(CARD_LIMIT);
    expect(statuses.slice(CARD_LIMIT)).toEqual(VARIANTS.slice(CARD_LIMIT).map(() => 429));
  },
};
