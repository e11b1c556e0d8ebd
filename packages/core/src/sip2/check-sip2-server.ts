import { connect as connectTcp } from 'node:net';
import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { PatronRefusedError } from '../errors/patron-refused-error.js';
import { systemClock } from '../internal/clock.js';
import type { PatronProfile } from '../patrons/patron-profile.js';
import { Sip2Connection } from './sip2-connection.js';
import { readSip2Options, type Sip2Options } from './sip2-options.js';
import { endPatronSession, exchangePatron, judgeSip2Patron } from './sip2-patron-check.js';
import { loginRequest, scStatusRequest } from './sip2-requests.js';

/** The steps of a SIP2 sign-in, each checked on its own. */
export type Sip2CheckName = 'connect' | 'tls' | 'login' | 'sc-status' | 'patron';

export interface Sip2CheckResult {
  check: Sip2CheckName;
  /** `ok` only when the step a sign-in takes would succeed; `skip` when it does not apply or cannot run. */
  outcome: 'ok' | 'fail' | 'skip';
  /** What was found, in words; never a PIN, password or full card number. */
  detail: string;
  /** The error code of a failed step (`provider_unavailable`, `invalid_client`, `invalid_credentials`, …). */
  code?: string;
  /** The refused patron's reason (`card_lost`, …), when the patron step failed for one. */
  reason?: string;
  /** The patron step's profile, when it signed in. */
  profile?: PatronProfile;
}

/**
 * Checks a SIP2 configuration (the options `sip2()` takes) step by step, as a sign-in would take them:
 * a TCP connection, the TLS handshake with the certificate and name verified, the SIP login (93 → 94 `1`),
 * SC Status (99 → 98 online), and, given a test patron, the sign-in itself (63 and the same judgement as
 * `login()`). After a failed step the later ones are skipped. For `ils-auth doctor sip2` and health checks.
 */
export async function checkSip2Server(
  options: Sip2Options,
  patron?: { barcode: string; pin: string },
): Promise<Sip2CheckResult[]> {
  const settings = readSip2Options(options);
  const { pool } = settings;
  const { endpoint } = pool;
  const results: Sip2CheckResult[] = [];
  const skipRest = (after: Sip2CheckName) => {
    const order: Sip2CheckName[] = ['connect', 'tls', 'login', 'sc-status', 'patron'];
    for (const check of order.slice(order.indexOf(after) + 1))
      if (!results.some((result) => result.check === check))
        results.push({ check, outcome: 'skip', detail: `needs ${after}` });
    return results;
  };
  const failed = (check: Sip2CheckName, error: unknown): Sip2CheckResult => {
    if (!isIlsAuthError(error)) throw error;
    return {
      check,
      outcome: 'fail',
      detail: error.message,
      code: error.code,
      ...(error instanceof PatronRefusedError ? { reason: error.reason } : {}),
    };
  };

  const address = `${endpoint.host}:${endpoint.port}`;
  try {
    await tcpReachable(endpoint.host, endpoint.port, pool.connectTimeoutMs, settings.id);
    results.push({ check: 'connect', outcome: 'ok', detail: `TCP connection to ${address}` });
  } catch (error) {
    results.push(failed('connect', error));
    return skipRest('connect');
  }

  let connection: Sip2Connection;
  try {
    connection = await Sip2Connection.open(pool);
    results.push(
      endpoint.tls
        ? { check: 'tls', outcome: 'ok', detail: 'TLS handshake; certificate and server name verified' }
        : { check: 'tls', outcome: 'skip', detail: 'plain TCP (no tls option)' },
    );
  } catch (error) {
    results.push(failed(endpoint.tls ? 'tls' : 'connect', error));
    return skipRest(endpoint.tls ? 'tls' : 'connect');
  }

  try {
    if (!pool.login) {
      results.push({ check: 'login', outcome: 'skip', detail: 'no loginUserId: this server takes no login' });
    } else {
      const answer = await connection.exchange(loginRequest(pool.login), '94');
      if (answer.fixed !== '1') {
        results.push({
          check: 'login',
          outcome: 'fail',
          code: 'invalid_client',
          detail:
            'the SIP2 server refused the login (94 0): check loginUserId, loginPassword and locationCode',
        });
        return skipRest('login');
      }
      results.push({ check: 'login', outcome: 'ok', detail: 'the SIP2 server accepted the login (94 1)' });
    }
    try {
      const status = await connection.exchange(scStatusRequest(), '98');
      const online = status.fixed[0] === 'Y';
      results.push(
        online
          ? { check: 'sc-status', outcome: 'ok', detail: 'the SIP2 server says it is online (98)' }
          : {
              check: 'sc-status',
              outcome: 'fail',
              code: 'provider_unavailable',
              detail: 'the SIP2 server says it is offline (98)',
            },
      );
      if (!online) return skipRest('sc-status');
    } catch (error) {
      results.push(failed('sc-status', error));
      return skipRest('sc-status');
    }
    if (!patron) {
      results.push({ check: 'patron', outcome: 'skip', detail: 'no test patron given' });
      return results;
    }
    try {
      const answers = await exchangePatron(connection, settings.patron, patron, systemClock());
      await endPatronSession(connection, settings.patron, patron, systemClock()).catch(() => undefined);
      const { profile } = judgeSip2Patron(answers, settings.patron, patron.barcode, systemClock());
      results.push({
        check: 'patron',
        outcome: 'ok',
        detail: 'the test patron signs in (63: valid patron, valid PIN, not refused)',
        ...(profile ? { profile } : {}),
      });
    } catch (error) {
      results.push(failed('patron', error));
    }
    return results;
  } catch (error) {
    results.push(failed('login', error));
    return skipRest('login');
  } finally {
    connection.close();
    await connection.closedPromise();
  }
}

/** A TCP connection to the server's port and nothing more, so a TLS failure is told apart from no server. */
function tcpReachable(host: string, port: number, timeoutMs: number, provider: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host, port });
    const fail = (why: string) => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        new IlsAuthError('provider_unavailable', `could not connect to the SIP2 server (${why})`, {
          provider,
        }),
      );
    };
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'connection error'));
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
  });
}
