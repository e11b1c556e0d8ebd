import { startEvergreenEmulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';
import { sessionRequests } from './session-logins.js';

/** The staff login type's idle timeout, Evergreen's default. */
const STAFF_IDLE_SECONDS = 7200;

/**
 * Evergreen: patrons by `open-ils.auth.login` (type `opac`), their record read with the staff authtoken;
 * failures are events inside HTTP 200. The staff authtoken dies in mid-use by its idle timeout (two idle
 * hours pass on the emulator's clock: `NO_SESSION`).
 */
export const evergreenSystem: ConformanceSystem = {
  name: 'evergreen',
  cards: {
    valid: {
      card: { barcode: '99999300001', pin: 'rita-pin-1' },
      outcome: {
        signsIn: {
          id: '101',
          barcode: '99999300001',
          name: 'Reader, Rita',
          expiresAt: '2031-08-31',
          fines: { amount: 0 },
        },
      },
    },
    wrongPin: { barcode: '99999300001', pin: 'rita-pin-9' },
    unknown: { barcode: '99999399999', pin: 'rita-pin-1' },
    blocked: {
      card: { barcode: '99999300002', pin: 'bert-pin-2' },
      outcome: { signsIn: { blocks: [{ reason: 'restricted' }] } },
    },
    expired: {
      card: { barcode: '99999300003', pin: 'edgar-pin-3' },
      outcome: { signsIn: { expiresAt: '2021-06-30' } },
    },
    fines: {
      card: { barcode: '99999300004', pin: 'fiona-pin-4' },
      outcome: { signsIn: { fines: { amount: 42.5 }, blocks: [{ reason: 'excessive_fines' }] } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startEvergreenEmulator();
    return {
      descriptor: { factory: 'evergreen', options: { baseUrl: emulator.url, ...emulator.credentials } },
      secrets: [emulator.credentials.password],
      counted: () => sessionRequests(emulator.controls, ['staff']),
      ...httpEmulatorFaults(emulator.controls),
      expireMidUse: () => emulator.controls.advance(STAFF_IDLE_SECONDS + 60),
      close: () => emulator.close(),
    };
  },
};
