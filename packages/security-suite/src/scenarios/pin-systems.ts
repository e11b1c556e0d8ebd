import type { Harness, HarnessEnvironment } from '../harness.js';
import { emulatorsOf, forgetProviderCalls, providerCalls } from './steps.js';

/** A library system whose patrons sign in by card and PIN (or password) through the app's own form. */
export interface PinSystem {
  /** Prefixed to the ids of its scenarios (`koha-parallel-wrong-pins`); empty for the first, Sierra. */
  idPrefix: string;
  name: string;
  /** The harness's sign-in route for it. */
  route(harness: Harness): string;
  /** PIN checks that reached the system's emulator since `forgetChecks`: what the throttle scenarios count. */
  checksAtSystem(environment: HarnessEnvironment): number;
  forgetChecks(environment: HarnessEnvironment): void;
  /**
   * Makes the system's PIN checks fail with a bad answer (one that repeats the request, where the system's
   * emulator can); returns what switches it off again.
   */
  breakChecks(environment: HarnessEnvironment): () => void;
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

type PinChecks = Pick<PinSystem, 'checksAtSystem' | 'forgetChecks' | 'breakChecks'>;

/** PIN checks of an HTTP emulator, counted in its request log at one endpoint. */
function httpPinChecks(endpoint: string): PinChecks {
  return {
    checksAtSystem: (environment) => providerCalls(environment, endpoint),
    forgetChecks: forgetProviderCalls,
    breakChecks(environment) {
      // An error answer that echoes the request (header, body, every field, encoded).
      for (const emulator of emulatorsOf(environment)) emulator.controls.inject({ endpoint, echo: true });
      return () => {
        for (const emulator of emulatorsOf(environment)) emulator.controls.clearFaults();
      };
    },
  };
}

/** Patron Information (63) messages the SIP2 emulator counted at the last `forgetChecks`, per emulator. */
const sip2Baselines = new WeakMap<object, number>();

/** PIN checks of the SIP2 emulator: its Patron Information (63) messages, as its own counters see them. */
const sip2PinChecks: PinChecks = {
  checksAtSystem({ emulators }) {
    const received = emulators.sip2.controls.stats().messages['63'] ?? 0;
    return received - (sip2Baselines.get(emulators.sip2) ?? 0);
  },
  forgetChecks({ emulators }) {
    sip2Baselines.set(emulators.sip2, emulators.sip2.controls.stats().messages['63'] ?? 0);
  },
  breakChecks({ emulators }) {
    // A SIP2 server cannot answer an error body; the worst it can send back is bytes that are no answer.
    emulators.sip2.controls.fault('garbage', { command: '63', times: 100 });
    return () => emulators.sip2.controls.fault(null);
  },
};

export const SIERRA_PIN: PinSystem = {
  idPrefix: '',
  name: 'Sierra',
  route: (harness) => harness.pinLogin,
  ...httpPinChecks('sierra.patrons.validate'),
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
  ...httpPinChecks('koha.password.validation'),
  patrons: {
    first: { barcode: '23529000445172', pin: 'Analytical-1843' },
    crossSiteVictim: { barcode: '23529000445174', pin: 'Difference-1822' },
    guessedInParallel: { barcode: '23529000445176', pin: 'Rings-1921' },
  },
  cardVariants: ['grace', ' grace', 'GRACE', 'Grace', 'grace ', ' GRACE'],
  wrongPin: 'not-the-password',
};

/**
 * A library on SIP2: patrons of the SIP2 emulator (its seed: valid, fines and unicode cards). Its cards are
 * digits, so the case variants are of a card nobody holds, which the server refuses like a wrong PIN.
 */
export const SIP2_PIN: PinSystem = {
  idPrefix: 'sip2-',
  name: 'SIP2',
  route: (harness) => harness.sip2PinLogin,
  ...sip2PinChecks,
  patrons: {
    first: { barcode: '23333000000001', pin: '4321' },
    crossSiteVictim: { barcode: '23333000000006', pin: '6006' },
    guessedInParallel: { barcode: '23333000000005', pin: '5555' },
  },
  cardVariants: ['SipCard77', ' SipCard77', 'sipcard77', 'SIPCARD77', 'SipCard77 ', ' sipcard77'],
  wrongPin: '0000',
};
