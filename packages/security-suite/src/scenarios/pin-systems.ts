import type { Harness } from '../harness.js';

/** A library system whose patrons sign in by card and PIN (or password) through the app's own form. */
export interface PinSystem {
  /** Prefixed to the ids of its scenarios (`koha-parallel-wrong-pins`); empty for the first, Sierra. */
  idPrefix: string;
  name: string;
  /** The harness's sign-in route for it. */
  route(harness: Harness): string;
  /** The emulator endpoint that checks a PIN: what the throttle scenarios count in the request log. */
  checkEndpoint: string;
  /** Seeded patrons; each scenario signs in or guesses with its own card. */
  patrons: {
    first: { barcode: string; pin: string };
    crossSiteVictim: { barcode: string; pin: string };
    guessedInParallel: { barcode: string; pin: string };
  };
  /** One seeded card, spelled as a patron (or a guesser) might: case and spaces must not make a new card. */
  cardVariants: readonly string[];
  wrongPin: string;
}

export const SIERRA_PIN: PinSystem = {
  idPrefix: '',
  name: 'Sierra',
  route: (harness) => harness.pinLogin,
  checkEndpoint: 'sierra.patrons.validate',
  patrons: {
    first: { barcode: '21913000000001', pin: '1234' },
    crossSiteVictim: { barcode: '21913000000006', pin: '6666' },
    guessedInParallel: { barcode: '21913000000005', pin: '5555' },
  },
  cardVariants: ['LibCard42', ' LibCard42', 'libcard42', 'LIBCARD42', 'LibCard42 ', ' libcard42'],
  wrongPin: '0000',
};

/** Koha's password validation: patrons of the Koha emulator, by card number or user id. */
export const KOHA_PIN: PinSystem = {
  idPrefix: 'koha-',
  name: 'Koha',
  route: (harness) => harness.kohaPinLogin,
  checkEndpoint: 'koha.password.validation',
  patrons: {
    first: { barcode: '23529000445172', pin: 'Analytical-1843' },
    crossSiteVictim: { barcode: '23529000445174', pin: 'Difference-1822' },
    guessedInParallel: { barcode: '23529000445176', pin: 'Rings-1921' },
  },
  cardVariants: ['grace', ' grace', 'GRACE', 'Grace', 'grace ', ' GRACE'],
  wrongPin: 'not-the-password',
};
