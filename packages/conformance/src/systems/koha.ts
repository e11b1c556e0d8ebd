import { startKoha } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';

/** Koha: passwords checked by `/patrons/password/validation` with the application's client-credentials token. */
export const kohaSystem: ConformanceSystem = {
  name: 'koha',
  cards: {
    valid: {
      card: { barcode: '23529000445172', pin: 'Analytical-1843' },
      outcome: {
        signsIn: {
          id: '51',
          barcode: '23529000445172',
          name: 'Lovelace, Ada',
          expiresAt: '2099-12-31',
          fines: { amount: 0 },
        },
      },
    },
    wrongPin: { barcode: '23529000445172', pin: 'Analytical-1842' },
    unknown: { barcode: '99999999999999', pin: 'Analytical-1843' },
    // Koha signs restricted and expired cards in; the profile says so and the application decides.
    blocked: {
      card: { barcode: 'alan', pin: 'Enigma-1939' },
      outcome: { signsIn: { blocks: [{ reason: 'restricted' }] } },
    },
    expired: {
      card: { barcode: 'charles', pin: 'Difference-1822' },
      outcome: { signsIn: { expiresAt: '2020-01-31' } },
    },
    fines: {
      card: { barcode: 'emmy', pin: 'Rings-1921' },
      outcome: { signsIn: { fines: { amount: 12.5 } } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startKoha();
    return {
      descriptor: { factory: 'koha', options: { baseUrl: emulator.url, ...emulator.credentials } },
      secrets: [emulator.credentials.clientSecret],
      counted: () => emulator.controls.tokenRequests('koha.token'),
      ...httpEmulatorFaults(emulator.controls),
      close: () => emulator.close(),
    };
  },
};
