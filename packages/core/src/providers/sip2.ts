import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { Clock } from '../internal/clock.js';
import { systemClock } from '../internal/clock.js';
import type { PatronCredentials } from '../patrons/patron-credentials.js';
import { readSip2Options, type Sip2Options, type Sip2Settings } from '../sip2/sip2-options.js';
import {
  endPatronSession,
  exchangePatron,
  judgeSip2Patron,
  patronResendRule,
  type Sip2Patron,
} from '../sip2/sip2-patron-check.js';
import { mapSip2Patron } from '../sip2/sip2-patron-profile.js';
import { registerSip2Pool, Sip2PoolHolder } from '../sip2/sip2-pools.js';
import { defineProvider } from './define-provider.js';
import type { BackoffRunner, PatronOperations, ProviderDescriptor } from './provider-descriptor.js';
import { WITHOUT_OAUTH } from './without-oauth.js';

/**
 * A library system reached over SIP2 (NISO Standard Interchange Protocol 2.00), the way self-check machines
 * and e-book vendors check a card and PIN at Koha, Evergreen, Polaris, Sierra, Symphony, FOLIO or Alma.
 * Patrons sign in by barcode + PIN (`login()`, or `signIn: 'pin'` in every integration); the check runs
 * over a pool of logged-in TCP or TLS connections, behind the same provider backoff as token requests.
 * SIP2 has no HTTP API and no tokens: `createClient()` refuses this descriptor.
 */
export function sip2(options: Sip2Options): ProviderDescriptor {
  const settings = readSip2Options(options);
  const pool = new Sip2PoolHolder(settings.pool);
  const { host, port, tls } = settings.pool.endpoint;
  const descriptor = defineProvider({
    id: settings.id,
    displayName: settings.displayName,
    appAuth: {
      scheme: 'none',
      reason: `is not available: ${settings.displayName} is a SIP2 server, which has no HTTP API for the application (patrons sign in over its own connection)`,
    },
    // No OAuth here: the fields below only say so, and the server's address stands where a token URL would.
    clientId: '',
    ...WITHOUT_OAUTH,
    endpoints: { token: `${tls ? 'sip2s' : 'sip2'}://${host.includes(':') ? `[${host}]` : host}:${port}` },
    defaultTokenLifetimeSeconds: 0,
    isTokenRejected: () => false,
    patron: sip2PatronOperations(settings, pool),
    allowInsecureHttp: false,
  });
  registerSip2Pool(descriptor, pool);
  return descriptor;
}

function sip2PatronOperations(settings: Sip2Settings, pool: Sip2PoolHolder): PatronOperations {
  const backoffKey = `sip2:${settings.pool.endpoint.host}:${settings.pool.endpoint.port}`;
  const exchange = (withBackoff: BackoffRunner, patron: Sip2Patron, now: Clock) =>
    withBackoff(backoffKey, (admit) =>
      pool.get().use(
        (connection) => exchangePatron(connection, settings.patron, patron, now()),
        admit,
        (connection) => endPatronSession(connection, settings.patron, patron, now()),
        patronResendRule(patron, settings.patron),
      ),
    );

  return {
    async checkPin({ barcode, pin, withBackoff, grant }) {
      checkCarriable(settings, { barcode, pin });
      const now = grant?.now ?? systemClock;
      const answers = await exchange(withBackoff, { barcode, pin }, now);
      return judgeSip2Patron(answers, settings.patron, barcode, now());
    },

    /** The record again, without the PIN (Patron Information with no AD). */
    async fetchProfile({ barcode, withBackoff, now }) {
      if (barcode === undefined)
        throw new IlsAuthError('session_expired', 'this SIP2 session has no card number; sign in again', {
          provider: settings.id,
          reauthRequired: true,
        });
      checkCarriable(settings, { barcode, pin: undefined });
      const { information } = await exchange(withBackoff, { barcode, pin: undefined }, now ?? systemClock);
      return mapSip2Patron(information, settings.patron.dialect, { provider: settings.id, barcode });
    },
  };
}

/**
 * A card number or PIN SIP2 cannot carry is refused before anything is sent: a `|` would end the field
 * and start another (a forged AD), and a character the server's encoding lacks could not be the PIN the
 * library holds.
 */
function checkCarriable(settings: Sip2Settings, { barcode, pin }: PatronCredentials): void {
  const provider = settings.id;
  if (barcode.includes('|'))
    throw new IlsAuthError('invalid_input', 'the barcode contains "|", which SIP2 cannot carry', {
      provider,
      status: 400,
    });
  const { codec } = settings;
  if (!codec.carries(barcode) || (pin !== undefined && (pin.includes('|') || !codec.carries(pin))))
    throw new IlsAuthError(
      'invalid_credentials',
      `${settings.displayName} refused the card number or PIN (characters the server cannot receive)`,
      { provider, status: 401 },
    );
}
