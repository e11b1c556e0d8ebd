import { sip2Patrons, sip2UnknownBarcode, startSip2Emulator } from '@ils-auth/emulator';
import type { ConformanceSystem } from '../conformance-system.js';

const POOL_SIZE = 2;
const { valid, blocked, expired, fines } = sip2Patrons;

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
      outcome: {
        signsIn: {
          id: valid.internalId,
          barcode: valid.barcode,
          name: valid.name,
          expiresAt: valid.expires,
          fines: { amount: 0, currency: 'USD' },
        },
      },
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
    // Evergreen's dialect signs a patron over the fines limit in; the profile carries the balance.
    fines: {
      card: { barcode: fines.barcode, pin: fines.pin },
      outcome: { signsIn: { fines: { amount: 12.5, currency: 'USD' } } },
    },
  },
  appCall: { kind: 'patron-login' },
  credential: { kind: 'obtained', scope: 'process', perColdCache: POOL_SIZE },
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
      counted: () => emulator.controls.stats().logins,
      expireMidUse: () => emulator.controls.closeAllConnections(),
      stageOutage() {
        emulator.controls.fault('close-next', { times: 1_000_000 });
        return () => emulator.controls.fault(null);
      },
      close: () => emulator.close(),
    };
  },
};
