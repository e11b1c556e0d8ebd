import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { MemoryStore } from '../store/memory-store.js';
import { failureOf } from '../test-support/failure-of.js';
import { SIP2_LOGIN, testSip2Library } from '../test-support/sip2-test-library.js';
import { type ScriptedSip2Server, startScriptedSip2Server } from '../test-support/sip2-test-server.js';
import type { Sip2Options } from './sip2-options.js';
import { closeSip2Connections } from './sip2-pools.js';

const PATRONS = {
  '21000000000001': {
    pin: '1234',
    name: 'Doe, Jane',
    fields: [
      ['BE', 'jane@example.org'],
      ['BF', '555-0100'],
      ['AQ', 'MAIN'],
      ['PA', '20991231'],
      ['BH', 'USD'],
      ['BV', '1.25'],
      ['CC', '10.00'],
    ],
  },
  '21000000000002': { pin: '2222', name: 'Lost, Card', status: '    Y         ' },
  '21000000000003': { pin: '3333', name: 'Gone, Expired', fields: [['PA', '20200101']] },
  '21000000000004': { pin: '4444', name: 'Quiet, Server', omitPasswordValidity: true },
  '21000000000005': {
    pin: '5555',
    name: 'Over, Limit',
    fields: [
      ['BV', '25.00'],
      ['CC', '10.00'],
    ],
  },
  '21000000000006': {
    pin: '6666',
    name: 'Both, Ways',
    status: 'Y             ',
    fields: [['PA', '20200101']],
  },
} as const;

const failure = failureOf;

describe('SIP2 sign-in over a socket', () => {
  let server: ScriptedSip2Server;
  const descriptors: ReturnType<typeof sip2>[] = [];
  const provider = (options: Partial<Sip2Options> = {}) => {
    const descriptor = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN, ...options });
    descriptors.push(descriptor);
    return descriptor;
  };
  const auth = (options: Partial<Sip2Options> = {}) =>
    createPatronAuth(provider(options), { store: new MemoryStore() });

  beforeAll(async () => {
    server = await startScriptedSip2Server(testSip2Library(PATRONS));
  });
  afterEach(async () => {
    for (const descriptor of descriptors.splice(0)) await closeSip2Connections(descriptor);
  });
  afterAll(() => server.close());

  it('logs in with the SIP account, checks the PIN with 63 and ends the patron session with 35', async () => {
    const before = server.received.length;
    const patrons = auth();
    const session = await patrons.login({ barcode: '21000000000001', pin: '1234' });
    // The 35 goes out once the sign-in has its answer; closing the pool waits for its 36.
    await closeSip2Connections(patrons.provider);
    expect(session.patronId).toBe('21000000000001');
    expect(session.profile).toMatchObject({
      provider: 'sip2',
      id: '21000000000001',
      name: 'Doe, Jane',
      email: 'jane@example.org',
      phone: '555-0100',
      homeLibrary: 'MAIN',
      expiresAt: '2099-12-31',
      fines: { amount: 1.25, currency: 'USD', limit: 10 },
    });
    expect(session.profile.blocks).toBeUndefined();
    expect(server.received.slice(before).map((message) => message.slice(0, 2))).toEqual(['93', '63', '35']);
    const patronInformation = server.received.slice(before)[1] as string;
    expect(patronInformation).toMatch(/^63000\d{8}0000\d{6} {10}AOMAIN\|AA21000000000001\|AC\|AD1234\|$/);
  });

  it('reads the profile again without the PIN (63 with no AD) when asked to refresh it', async () => {
    const patrons = auth();
    const session = await patrons.login({ barcode: '21000000000001', pin: '1234' });
    const before = server.received.length;
    const profile = await patrons.profile(session.id, { refresh: true });
    expect(profile).toMatchObject({ name: 'Doe, Jane', email: 'jane@example.org' });
    const information = server.received.slice(before).find((message) => message.startsWith('63'));
    expect(information).toMatch(/AA21000000000001\|AC\|$/);
  });

  it('refuses a wrong PIN and an unknown card as invalid_credentials', async () => {
    for (const credentials of [
      { barcode: '21000000000001', pin: '9999' },
      { barcode: '29999999999999', pin: '1234' },
    ]) {
      const error = await failure(auth().login(credentials));
      expect(isIlsAuthError(error) && error.code).toBe('invalid_credentials');
      expect((error as { status: number }).status).toBe(401);
    }
  });

  it('refuses a lost and an expired card with a reason, and fines over the limit when asked to', async () => {
    const lost = await failure(auth().login({ barcode: '21000000000002', pin: '2222' }));
    expect(lost).toMatchObject({ code: 'access_denied', reason: 'card_lost', status: 403 });
    const expired = await failure(auth().login({ barcode: '21000000000003', pin: '3333' }));
    expect(expired).toMatchObject({ code: 'access_denied', reason: 'expired' });
    // Servers flag an expired card as "charge privileges denied" too: the expiry is the reason given.
    const both = await failure(auth().login({ barcode: '21000000000006', pin: '6666' }));
    expect(both).toMatchObject({ reason: 'expired' });
    const owing = await auth().login({ barcode: '21000000000005', pin: '5555' });
    expect(owing.profile.fines).toEqual({ amount: 25, limit: 10 });
    const strict = await failure(
      auth({ refuseSignIn: ['excessive_fines'] }).login({ barcode: '21000000000005', pin: '5555' }),
    );
    expect(strict).toMatchObject({ code: 'access_denied', reason: 'excessive_fines' });
    // Nothing refuses the lost card when the application lets it in (and the profile still says so).
    const lenient = await auth({ refuseSignIn: [] }).login({ barcode: '21000000000002', pin: '2222' });
    expect(lenient.profile.blocks).toEqual([{ reason: 'card_lost' }]);
  });

  it('never lets a PIN through when the answer has no CQ; patron-status asks again with 23', async () => {
    const unconfirmed = auth();
    const refused = await failure(unconfirmed.login({ barcode: '21000000000004', pin: '4444' }));
    expect(refused).toMatchObject({ code: 'invalid_credentials' });
    expect((refused as Error).message).toContain('did not confirm the PIN');
    await closeSip2Connections(unconfirmed.provider);
    const before = server.received.length;
    const askingAgain = auth({ unconfirmedPin: 'patron-status' });
    const session = await askingAgain.login({
      barcode: '21000000000004',
      pin: '4444',
    });
    await closeSip2Connections(askingAgain.provider);
    expect(session.profile.name).toBe('Quiet, Server');
    expect(server.received.slice(before).map((message) => message.slice(0, 2))).toEqual([
      '93',
      '63',
      '23',
      '35',
    ]);
    const wrong = await failure(
      auth({ unconfirmedPin: 'patron-status' }).login({ barcode: '21000000000004', pin: '0000' }),
    );
    expect(wrong).toMatchObject({ code: 'invalid_credentials' });
  });

  it('sends SC status after login for the SIP2-compliant dialect, and no 35 for Auto-Graphics VERSO', async () => {
    let before = server.received.length;
    const compliantPatrons = auth({ dialect: 'sip2-compliant' });
    await compliantPatrons.login({ barcode: '21000000000001', pin: '1234' });
    await closeSip2Connections(compliantPatrons.provider);
    const compliant = server.received.slice(before);
    expect(compliant.map((message) => message.slice(0, 2))).toEqual(['93', '99', '63', '35']);
    // Four spaces for the zone of the transaction date.
    expect(compliant[2]).toMatch(/^63000\d{8} {4}\d{6}/);
    before = server.received.length;
    const verso = auth({ dialect: 'autographics-verso' });
    await verso.login({ barcode: '21000000000001', pin: '1234' });
    await closeSip2Connections(verso.provider);
    expect(server.received.slice(before).map((message) => message.slice(0, 2))).toEqual(['93', '63']);
  });

  it('refuses a barcode that would inject a field, and a PIN the encoding cannot carry, before sending', async () => {
    const before = server.received.length;
    const injected = await failure(auth().login({ barcode: '2100|AD1234', pin: '1234' }));
    expect(injected).toMatchObject({ code: 'invalid_input' });
    const snowman = await failure(
      auth({ encoding: 'windows-1252' }).login({ barcode: '21000000000001', pin: '12☃4' }),
    );
    expect(snowman).toMatchObject({ code: 'invalid_credentials' });
    const piped = await failure(auth().login({ barcode: '21000000000001', pin: '12|4' }));
    expect(piped).toMatchObject({ code: 'invalid_credentials' });
    expect(server.received.length).toBe(before);
  });

  it('says why a SIP2 descriptor has no app client, and keeps its secrets out of print', () => {
    const descriptor = provider({ terminalPassword: 'terminal-secret' });
    const error = (() => {
      try {
        createClient(descriptor);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as Error).message).toContain('SIP2 server, which has no HTTP API');
    for (const printed of [JSON.stringify(descriptor), inspect(descriptor, { depth: 10 })]) {
      expect(printed).not.toContain(SIP2_LOGIN.loginPassword);
      expect(printed).not.toContain('terminal-secret');
    }
  });

  it('answers a refused SIP login as invalid_client, naming the options to check', async () => {
    const error = await failure(
      auth({ loginPassword: 'wrong-password' }).login({ barcode: '21000000000001', pin: '1234' }),
    );
    expect(error).toMatchObject({ code: 'invalid_client' });
    expect((error as Error).message).toContain('loginUserId');
    expect((error as Error).message).not.toContain('wrong-password');
  });
});
