import { onIlsAuthEvent } from '@ils-auth/core';
import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { PATRONS, pinSignIn } from './steps.js';

const CARD = PATRONS.second.barcode;
/** The card as a person, a form or another system writes it, never the exact string that was sent. */
const GROUPINGS = [
  `${CARD.slice(0, 4)} ${CARD.slice(4, 8)} ${CARD.slice(8, 12)} ${CARD.slice(12)}`,
  `${CARD.slice(0, 4)}-${CARD.slice(4, 8)}-${CARD.slice(8, 12)}-${CARD.slice(12)}`,
  [...CARD].join('.'),
  `${CARD.slice(0, 7)}%20${CARD.slice(7)}`,
  `${CARD.slice(0, 4)}\u00a0${CARD.slice(4)}`,
];

/** Only the digits of a text: the card shows up here in any grouping. */
const digits = (text: string) => text.replace(/%[0-9A-Fa-f]{2}/g, '').replace(/\D/g, '');

export const cardNumberRegrouped: Scenario = {
  id: 'card-number-regrouped',
  title: `a card number the provider echoes in another grouping is never passed on (${GROUPINGS.length} groupings)`,
  async run({ harness, environment }) {
    const events: string[] = [];
    const unsubscribe = onIlsAuthEvent((event) => events.push(JSON.stringify(event)));
    try {
      for (const grouping of GROUPINGS) {
        // Sierra fails the PIN check with a body that repeats the card, regrouped.
        environment.emulators.sierra.controls.inject({
          endpoint: 'sierra.patrons.validate',
          status: 500,
          body: JSON.stringify({
            code: 109,
            specificCode: 0,
            httpStatus: 500,
            name: 'Internal server error',
            description: `could not check card ${grouping}`,
          }),
        });
        const answer = await pinSignIn(harness, new CookieJar(), PATRONS.second);
        expect.soft(answer.status, `${grouping}: answered ${answer.status}`).toBeGreaterThanOrEqual(400);
        const seen = `${answer.body} ${JSON.stringify(answer.headers)}`;
        expect
          .soft(digits(seen), `${JSON.stringify(grouping)} came back: ${seen.slice(0, 300)}`)
          .not.toContain(CARD.slice(0, 10));
      }
      for (const event of events)
        expect.soft(digits(event), `an event carried the card: ${event}`).not.toContain(CARD.slice(0, 10));
    } finally {
      unsubscribe();
      environment.emulators.sierra.controls.clearFaults();
    }
  },
};
