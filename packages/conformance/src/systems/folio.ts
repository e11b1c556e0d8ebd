import { startFolioEmulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';
import { sessionRequests } from './session-logins.js';

const ACCESS_TOKEN_SECONDS = 600;

/**
 * FOLIO: the application user's session (`/authn/login-with-expiry`, single-use refresh tokens) reads the
 * user record, manual blocks and fees after a patron's own FOLIO login. Its access token dies in mid-use by
 * time (the emulator's clock passes its 10 minutes): one refresh renews it.
 */
export const folioSystem: ConformanceSystem = {
  name: 'folio',
  cards: {
    valid: {
      card: { barcode: 'rita', pin: 'rita-pw-1' },
      outcome: {
        signsIn: {
          id: 'a7b2c3d4-1111-4a5b-9c8d-000000000001',
          barcode: '31000000000001',
          name: 'Reader, Rita',
          expiresAt: '2031-08-31',
          fines: { amount: 0 },
        },
      },
    },
    wrongPin: { barcode: 'rita', pin: 'wrong-pw-1' },
    unknown: { barcode: 'nobody', pin: 'rita-pw-1' },
    blocked: {
      card: { barcode: 'bert', pin: 'bert-pw-2' },
      outcome: {
        signsIn: { blocks: [{ reason: 'restricted', description: 'Library card reported stolen' }] },
      },
    },
    // Past its expiration date FOLIO deactivates the user, whose login is then refused like a wrong password.
    expired: {
      card: { barcode: 'edgar', pin: 'edgar-pw-3' },
      outcome: { refused: { code: 'invalid_credentials', status: 401 } },
    },
    fines: {
      card: { barcode: 'fiona', pin: 'fiona-pw-4' },
      outcome: { signsIn: { fines: { amount: 42.5 } } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startFolioEmulator({ tokenTtlSeconds: ACCESS_TOKEN_SECONDS });
    return {
      descriptor: { factory: 'folio', options: { okapiUrl: emulator.url, ...emulator.credentials } },
      secrets: [emulator.credentials.password],
      counted: () => sessionRequests(emulator.controls, ['staff', 'refresh', 'refresh-reuse']),
      ...httpEmulatorFaults(emulator.controls),
      expireMidUse: () => emulator.controls.advance(ACCESS_TOKEN_SECONDS + 60),
      close: () => emulator.close(),
    };
  },
};
