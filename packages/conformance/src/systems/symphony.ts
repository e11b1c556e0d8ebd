import { startSymphonyEmulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';
import { sessionRequests } from './session-logins.js';

const SESSION_SECONDS = 3600;

/**
 * Symphony: the staff `x-sirs-sessionToken` reads the patron record and status after `user/patron/login`.
 * The session dies in mid-use by time (an hour passes on the emulator's clock).
 */
export const symphonySystem: ConformanceSystem = {
  name: 'symphony',
  cards: {
    valid: {
      card: { barcode: '21221000000001', pin: '1234' },
      outcome: {
        signsIn: {
          id: '301001',
          barcode: '21221000000001',
          name: 'Reader, Rita',
          expiresAt: '2031-08-31',
          fines: { amount: 0, currency: 'USD' },
        },
      },
    },
    wrongPin: { barcode: '21221000000001', pin: '9999' },
    unknown: { barcode: '21221000009999', pin: '1234' },
    blocked: {
      card: { barcode: '21221000000002', pin: '2222' },
      outcome: { signsIn: { blocks: [{ reason: 'restricted', description: 'BLOCKED' }] } },
    },
    expired: {
      card: { barcode: '21221000000003', pin: '3333' },
      outcome: { signsIn: { expiresAt: '2021-06-30' } },
    },
    fines: {
      card: { barcode: '21221000000004', pin: '4444' },
      outcome: {
        signsIn: { fines: { amount: 50, currency: 'USD' }, blocks: [{ reason: 'excessive_fines' }] },
      },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startSymphonyEmulator({ tokenTtlSeconds: SESSION_SECONDS });
    return {
      descriptor: { factory: 'symphony', options: { baseUrl: emulator.baseUrl, ...emulator.credentials } },
      secrets: [emulator.credentials.staffPassword],
      counted: () => sessionRequests(emulator.controls, ['staff']),
      ...httpEmulatorFaults(emulator.controls),
      expireMidUse: () => emulator.controls.advance(SESSION_SECONDS + 60),
      close: () => emulator.close(),
    };
  },
};
