import { startSierra } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';

/** Sierra: PINs checked with the application's client-credentials token (`/v6/patrons/validate`). */
export const sierraSystem: ConformanceSystem = {
  name: 'sierra',
  cards: {
    valid: {
      card: { barcode: '21913000000001', pin: '1234' },
      outcome: {
        signsIn: { id: '1000001', barcode: '21913000000001', name: 'Reader, Rita', expiresAt: '2031-08-31' },
      },
    },
    wrongPin: { barcode: '21913000000001', pin: '9876' },
    unknown: { barcode: '21913999999999', pin: '1234' },
    // The expired card still checks; its profile says when it ended.
    expired: {
      card: { barcode: '21913000000003', pin: '4321' },
      outcome: { signsIn: { id: '1000003', expiresAt: '2021-06-30' } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startSierra();
    return {
      descriptor: { factory: 'sierra', options: { baseUrl: emulator.url, ...emulator.credentials } },
      secrets: [emulator.credentials.clientSecret],
      counted: () => emulator.controls.tokenRequests('sierra.token'),
      ...httpEmulatorFaults(emulator.controls),
      close: () => emulator.close(),
    };
  },
};
