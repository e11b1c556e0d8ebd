import { startPolarisEmulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';
import { sessionRequests } from './session-logins.js';

const STAFF_TOKEN_SECONDS = 86_400;

/**
 * Polaris: every request signed (PWS), the staff AccessToken/AccessSecret session for the protected
 * patron look-ups after `authenticator/patron`. The staff session dies in mid-use by time (24 hours pass
 * on the emulator's clock).
 */
export const polarisSystem: ConformanceSystem = {
  name: 'polaris',
  cards: {
    valid: {
      card: { barcode: '21756000000001', pin: '1234' },
      outcome: {
        signsIn: {
          id: '1255101',
          barcode: '21756000000001',
          name: 'Reader, Rita',
          expiresAt: '2031-08-31',
          fines: { amount: 0 },
        },
      },
    },
    wrongPin: { barcode: '21756000000001', pin: '9999' },
    unknown: { barcode: '21756000009999', pin: '1234' },
    blocked: {
      card: { barcode: '21756000000002', pin: '2222' },
      outcome: { signsIn: { blocks: [{ reason: 'restricted' }] } },
    },
    expired: {
      card: { barcode: '21756000000003', pin: '3333' },
      outcome: { signsIn: { expiresAt: '2021-06-30' } },
    },
    fines: {
      card: { barcode: '21756000000004', pin: '4444' },
      outcome: { signsIn: { fines: { amount: 42.5 } } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startPolarisEmulator({ tokenTtlSeconds: STAFF_TOKEN_SECONDS });
    return {
      descriptor: { factory: 'polaris', options: { baseUrl: emulator.baseUrl, ...emulator.credentials } },
      secrets: [emulator.credentials.accessKey, emulator.credentials.staffPassword],
      counted: () => sessionRequests(emulator.controls, ['staff']),
      ...httpEmulatorFaults(emulator.controls),
      expireMidUse: () => emulator.controls.advance(STAFF_TOKEN_SECONDS + 60),
      close: () => emulator.close(),
    };
  },
};
