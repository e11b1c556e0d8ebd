import { startAlmaEmulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';

/**
 * Alma: a static API key on every call, so nothing is ever obtained; a patron's sign-in is `op=auth` with
 * the password in `Exl-User-Pw`, then the user record (two requests).
 */
export const almaSystem: ConformanceSystem = {
  name: 'alma',
  cards: {
    valid: {
      card: { barcode: '39000000000001', pin: 'rita-Pass-1' },
      outcome: {
        signsIn: {
          id: 'rita.reader',
          barcode: '39000000000001',
          name: 'Reader, Rita',
          expiresAt: '2031-08-31',
          fines: { amount: 0, currency: 'USD' },
        },
      },
    },
    wrongPin: { barcode: '39000000000001', pin: 'not-her-Pass' },
    unknown: { barcode: '39000000009999', pin: 'rita-Pass-1' },
    // Alma signs blocked, expired and owing users in; the profile says so and the application decides.
    blocked: {
      card: { barcode: '39000000000002', pin: 'bert-Pass-2' },
      outcome: { signsIn: { blocks: [{ reason: 'restricted', description: 'Lost library card' }] } },
    },
    expired: {
      card: { barcode: '39000000000003', pin: 'edgar-Pass-3' },
      outcome: { signsIn: { expiresAt: '2021-06-30' } },
    },
    fines: {
      card: { barcode: '39000000000004', pin: 'fiona-Pass-4' },
      outcome: { signsIn: { fines: { amount: 42.5, currency: 'USD' } } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'static-key', requestsPerCall: 2 },
  async start() {
    // The bursts here measure the credential, not Alma's 50 calls a second (core's own Alma tests do).
    const emulator = await startAlmaEmulator({ perSecondThreshold: 1_000_000 });
    return {
      descriptor: { factory: 'alma', options: { apiUrl: emulator.apiUrl, ...emulator.credentials } },
      secrets: [emulator.credentials.apiKey],
      counted: () => emulator.controls.requests().length,
      ...httpEmulatorFaults(emulator.controls),
      close: () => emulator.close(),
    };
  },
};
