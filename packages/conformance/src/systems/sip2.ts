import { sip2Patrons, sip2UnknownBarcode, startSip2Emulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';

const POOL_SIZE = 2;
const { valid, blocked, expired } = sip2Patrons;

/**
 * SIP2 (Evergreen's dialect, which sends the expiry): no application token, so the counted credential is
 * the SIP login (93) each pooled connection sends once, and "expiry in mid-use" is the server dropping
 * every connection. Connections are per process, so a cold pool costs one login per connection.
 */
export const sip2System: ConformanceSystem = {
  name: 'sip2',
  cards: {
    valid: {
      card: { barcode: valid.barcode, pin: valid.pin },
      outcome: { signsIn: { barcode: valid.barcode, name: valid.name, expiresAt: valid.expires } },
    },
    wrongPin: { barcode: valid.barcode, pin: '0000' },
    unknown: { barcode: sip2UnknownBarcode, pin: valid.pin },
    blocked: {
      card: { barcode: blocked.barcode, pin: blocked.pin },
      outcome: { refused: { code: 'access_denied', reason: 'charge_privileges_denied', status: 403 } },
    },
    expired: {
      card: { barcode: expired.barcode, pin: expired.pin },
      outcome: { refused: { code: 'access_denied', reason: 'expired', status: 403 } },
    },
  },
  appCall: { kind: 'patron-login' },
  credentialScope: 'process',
  async start() {
    const emulator = await startSip2Emulator({ flavour: 'evergreen' });
    return {
      descriptor: {
        factory: 'sip2',
        options: {
          host: emulator.host,
          port: emulator.port,
          ...emulator.credentials,
          dialect: 'evergreen',
          poolSize: POOL_SIZE,
        },
      },
      secrets: [emulator.credentials.loginPassword],
      credentialRequests: () => emulator.controls.stats().logins,
      coldCacheRequests: POOL_SIZE,
      expireMidUse: () => emulator.controls.closeAllConnections(),
      stageOutage() {
        emulator.controls.fault('close-next', { times: 1_000_000 });
        return () => emulator.controls.fault(null);
      },
      close: () => emulator.close(),
    };
  },
};
