import { overdriveWebsites, startOverDrive } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';
import { httpEmulatorFaults } from './http-emulator-faults.js';

/**
 * OverDrive: a patron's sign-in is itself a token request (the password grant at `patrontoken`), so the
 * counted credential is the application's Discovery token, used by `createClient().fetch()`.
 */
export const overdriveSystem: ConformanceSystem = {
  name: 'overdrive',
  cards: {
    valid: {
      card: { barcode: '23025000000001', pin: '2468' },
      outcome: { signsIn: { id: '3100001', barcode: '23025000000001' } },
    },
    wrongPin: { barcode: '23025000000001', pin: '8642' },
    unknown: { barcode: '23025999999999', pin: '2468' },
    // OverDrive answers a blocked card as it answers a wrong PIN (400 unauthorized_client).
    blocked: {
      card: { barcode: '23025000000003', pin: '1357' },
      outcome: { refused: { code: 'invalid_credentials', status: 401 } },
    },
  },
  appCall: { kind: 'client-fetch', path: `v1/libraries/${overdriveWebsites[0]?.libraryId}` },
  credential: { kind: 'obtained', scope: 'cluster', perColdCache: 1 },
  async start() {
    const emulator = await startOverDrive();
    const { clientId, clientSecret, websiteId, authorizationName } = emulator.credentials;
    return {
      descriptor: {
        factory: 'overdrive',
        options: {
          clientId,
          clientSecret,
          websiteId,
          authorizationName,
          allowPasswordGrant: true,
          oauthUrl: emulator.oauthUrl,
          patronOauthUrl: emulator.patronOauthUrl,
          apiUrl: emulator.apiUrl,
          patronApiUrl: emulator.patronApiUrl,
        },
      },
      secrets: [clientSecret],
      counted: () => emulator.controls.tokenRequests('overdrive.token'),
      ...httpEmulatorFaults(emulator.controls),
      close: () => emulator.close(),
    };
  },
};
