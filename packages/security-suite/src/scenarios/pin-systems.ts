import type { DescriptorPinSystem, Harness, HarnessEnvironment } from '../harness.js';
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

/**
 * Checks counted by an emulator's own counters (`count`), from the last `forgetChecks` on: a baseline per
 * emulator, so that what the counters say is not reset under another scenario's feet.
 */
function countedChecks(count: (environment: HarnessEnvironment) => { counter: object; total: number }) {
  const baselines = new WeakMap<object, number>();
  return {
    checksAtSystem(environment: HarnessEnvironment) {
      const { counter, total } = count(environment);
      return total - (baselines.get(counter) ?? 0);
    },
    forgetChecks(environment: HarnessEnvironment) {
      const { counter, total } = count(environment);
      baselines.set(counter, total);
    },
  };
}

/** PIN checks of the SIP2 emulator: its Patron Information (63) messages, as its own counters see them. */
const sip2PinChecks: PinChecks = {
  ...countedChecks(({ emulators }) => ({
    counter: emulators.sip2,
    total: emulators.sip2.controls.stats().messages['63'] ?? 0,
  })),
  breakChecks({ emulators }) {
    // A SIP2 server cannot answer an error body; the worst it can send back is bytes that are no answer.
    emulators.sip2.controls.fault('garbage', { command: '63', times: 100 });
    return () => emulators.sip2.controls.fault(null);
  },
};

/** The sign-ins of the application itself, which its emulator counts beside the patrons' PIN checks. */
const APPLICATION_LOGINS = new Set(['staff', 'refresh', 'refresh-reuse']);

/**
 * PIN checks of one of the five systems' emulators: every patron sign-in its login counters saw (known
 * card or not, whatever the outcome), not the application's own staff logins; FOLIO and Evergreen check
 * staff and patrons at one endpoint, so the request log cannot tell them apart. `endpoint` is where the
 * patron's PIN is checked, which `breakChecks` makes answer an error that echoes the request.
 */
function loginCounterPinChecks(system: DescriptorPinSystem, endpoint: string): PinChecks {
  return {
    ...countedChecks(({ emulators }) => {
      const emulator = emulators[system];
      const counts = Object.entries(emulator.controls.logins()).filter(
        ([kind]) => !APPLICATION_LOGINS.has(kind),
      );
      const total = counts.reduce((sum, [, { ok, failed, locked }]) => sum + ok + failed + locked, 0);
      return { counter: emulator, total };
    }),
    breakChecks({ emulators }) {
      emulators[system].controls.inject({ endpoint, echo: true });
      return () => emulators[system].controls.clearFaults();
    },
  };
}

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

/**
 * FOLIO, Polaris, Symphony, Alma and Evergreen, each through its own descriptor and emulator: a valid
 * patron of its seed signs in, the blocked one is guessed at in parallel, the fines one is the cross-site
 * victim (its PIN never leaves the app). The case variants are of a card nobody holds, which each system
 * refuses like a wrong PIN (a FOLIO patron signs in with a user name, the others with a card).
 */
function descriptorPinSystem(
  system: DescriptorPinSystem,
  name: string,
  endpoint: string,
  patrons: PinSystem['patrons'],
  unknownCard: string,
): PinSystem {
  return {
    idPrefix: `${system}-`,
    name,
    route: (harness) => harness.descriptorPinLogins[system],
    ...loginCounterPinChecks(system, endpoint),
    patrons,
    cardVariants: [
      unknownCard,
      ` ${unknownCard}`,
      unknownCard.toLowerCase(),
      unknownCard.toUpperCase(),
      `${unknownCard} `,
      ` ${unknownCard.toLowerCase()}`,
    ],
    wrongPin: 'not-the-pin',
  };
}

export const DESCRIPTOR_PINS: readonly PinSystem[] = [
  descriptorPinSystem(
    'folio',
    'FOLIO',
    'folio.login-with-expiry',
    {
      first: { barcode: 'rita', pin: 'rita-pw-1' },
      crossSiteVictim: { barcode: 'fiona', pin: 'fiona-pw-4' },
      guessedInParallel: { barcode: 'bert', pin: 'bert-pw-2' },
    },
    'FolioUser77',
  ),
  descriptorPinSystem(
    'polaris',
    'Polaris',
    'polaris.authenticator.patron',
    {
      first: { barcode: '21756000000001', pin: '1234' },
      crossSiteVictim: { barcode: '21756000000004', pin: '4444' },
      guessedInParallel: { barcode: '21756000000002', pin: '2222' },
    },
    'PolCard77',
  ),
  descriptorPinSystem(
    'symphony',
    'Symphony',
    'symphony.patron.login',
    {
      first: { barcode: '21221000000001', pin: '1234' },
      crossSiteVictim: { barcode: '21221000000004', pin: '4444' },
      guessedInParallel: { barcode: '21221000000002', pin: '2222' },
    },
    'SymCard77',
  ),
  descriptorPinSystem(
    'alma',
    'Alma',
    'alma.users.auth',
    {
      first: { barcode: '39000000000001', pin: 'rita-Pass-1' },
      crossSiteVictim: { barcode: '39000000000004', pin: 'fiona-Pass-4' },
      guessedInParallel: { barcode: '39000000000002', pin: 'bert-Pass-2' },
    },
    'AlmaCard77',
  ),
  descriptorPinSystem(
    'evergreen',
    'Evergreen',
    'evergreen.gateway',
    {
      first: { barcode: '99999300001', pin: 'rita-pin-1' },
      crossSiteVictim: { barcode: '99999300004', pin: 'fiona-pin-4' },
      guessedInParallel: { barcode: '99999300002', pin: 'bert-pin-2' },
    },
    'EgCard77',
  ),
];
