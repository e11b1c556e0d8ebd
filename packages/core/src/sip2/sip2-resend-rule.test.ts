import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { MemoryStore } from '../store/memory-store.js';
import { failureOf } from '../test-support/failure-of.js';
import { SIP2_LOGIN, testSip2Library } from '../test-support/sip2-test-library.js';
import {
  type ScriptedSip2Connection,
  type ScriptedSip2Server,
  startScriptedSip2Server,
} from '../test-support/sip2-test-server.js';
import { dropOf, Sip2Connection } from './sip2-connection.js';
import { sip2Codec } from './sip2-encoding.js';
import type { Sip2Options } from './sip2-options.js';
import { closeSip2Connections } from './sip2-pools.js';
import { loginRequest, patronInformationRequest } from './sip2-requests.js';

const PATRON = { barcode: '21000000000001', pin: '1234' };
const library = testSip2Library({ [PATRON.barcode]: { pin: PATRON.pin, name: 'Doe, Jane' } });

/** How the server ends the connection of the next patron messages (63), after reading each one. */
type HangUp = 'close' | 'reset';

describe('SIP2: when a message with the PIN is sent again after the server closed its connection', () => {
  let server: ScriptedSip2Server;
  let hangUps: HangUp[] = [];
  const descriptors: ReturnType<typeof sip2>[] = [];
  const pinsReceived = () => server.received.filter((message) => message.startsWith('63')).length;
  const hangUpOn = (message: string, connection: ScriptedSip2Connection) => {
    const hangUp = message.startsWith('63') ? hangUps.shift() : undefined;
    if (hangUp === 'close') connection.close();
    if (hangUp === 'reset') connection.reset();
    return hangUp !== undefined;
  };
  const auth = (options: Partial<Sip2Options> = {}) => {
    const descriptor = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN, ...options });
    descriptors.push(descriptor);
    return createPatronAuth(descriptor, { store: new MemoryStore() });
  };
  /** A pool of one whose connection has served a sign-in and sits idle. */
  const withIdleConnection = async (options: Partial<Sip2Options> = {}) => {
    const patrons = auth({ poolSize: 1, ...options });
    await patrons.login(PATRON);
    return patrons;
  };

  beforeAll(async () => {
    server = await startScriptedSip2Server((message, connection) =>
      hangUpOn(message, connection) ? undefined : library(message, connection),
    );
  });
  afterEach(async () => {
    hangUps = [];
    for (const descriptor of descriptors.splice(0)) await closeSip2Connections(descriptor);
  });
  afterAll(() => server.close());

  it('never on a connection opened for the sign-in that hangs up after reading the PIN: provider_unavailable, the PIN read once', async () => {
    const patrons = auth({ poolSize: 4 });
    const pins = pinsReceived();
    const opened = server.connections.length;
    hangUps = ['close'];
    const error = await failureOf(patrons.login(PATRON));
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      message: 'the SIP2 server closed the connection',
    });
    expect(pinsReceived() - pins).toBe(1);
    expect(server.connections.length - opened).toBe(1);
  });

  it('once, on a fresh connection, when an idle connection closes as the PIN arrives (the idle-drop race); never a third time', async () => {
    const patrons = await withIdleConnection();
    const pins = pinsReceived();
    const opened = server.connections.length;
    hangUps = ['close'];
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(pinsReceived() - pins).toBe(2);
    expect(server.connections.length - opened).toBe(1);

    // The fresh connection that the resend goes to hanging up too ends the sign-in.
    const again = await withIdleConnection();
    const pinsBefore = pinsReceived();
    hangUps = ['close', 'close'];
    expect(await failureOf(again.login(PATRON))).toMatchObject({ code: 'provider_unavailable' });
    expect(pinsReceived() - pinsBefore).toBe(2);
  });

  it('not even after an idle drop with resendAfterIdleDrop: false', async () => {
    const patrons = await withIdleConnection({ resendAfterIdleDrop: false });
    const pins = pinsReceived();
    hangUps = ['close'];
    expect(await failureOf(patrons.login(PATRON))).toMatchObject({ code: 'provider_unavailable' });
    expect(pinsReceived() - pins).toBe(1);
  });

  it("always when the server's TCP reset the connection (RST: data it held was discarded), even on a fresh connection", async () => {
    const patrons = auth({ poolSize: 4, resendAfterIdleDrop: false });
    const opened = server.connections.length;
    hangUps = ['reset'];
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(server.connections.length - opened).toBe(2);
  });

  it('when the server closes an idle connection as a sign-in starts, even without resendAfterIdleDrop: the PIN is read once', async () => {
    const patrons = await withIdleConnection({ resendAfterIdleDrop: false });
    const pins = pinsReceived();
    // Whether this process reads the FIN before writing the 63 (unsent) or after (the 63 meets a closed
    // socket: reset), the server cannot have read it.
    server.connections.at(-1)?.close();
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(pinsReceived() - pins).toBe(1);
  });

  it('a connection tells a close that met the PIN unread (reset) from one after the server read it', async () => {
    const open = () =>
      Sip2Connection.open({
        provider: 'sip2',
        endpoint: { host: server.host, port: server.port },
        codec: sip2Codec('utf-8'),
        errorDetection: true,
        connectTimeoutMs: 2_000,
        answerTimeoutMs: 2_000,
        maxResponseBytes: 65_536,
      });
    const patronMessage = patronInformationRequest({
      date: '20260101    120000',
      institution: 'MAIN',
      terminalPassword: '',
      ...PATRON,
    });
    const unread = await open();
    await unread.exchange(loginRequest(SIP2_LOGIN), '94');
    // The server closes (FIN); the 63 is written before this process reads that FIN, so it reaches a
    // closed socket, whose TCP answers with a reset.
    server.connections.at(-1)?.close();
    const pins = pinsReceived();
    expect(dropOf(await failureOf(unread.exchange(patronMessage, '64')))).toBe('reset');
    expect(pinsReceived() - pins).toBe(0);

    const read = await open();
    await read.exchange(loginRequest(SIP2_LOGIN), '94');
    hangUps = ['close'];
    expect(dropOf(await failureOf(read.exchange(patronMessage, '64')))).toBe('after-write');
    expect(pinsReceived() - pins).toBe(1);
  });

  it('a profile read (63 without the PIN) is sent again after any hang-up', async () => {
    const patrons = auth({ poolSize: 4, resendAfterIdleDrop: false });
    const session = await patrons.login(PATRON, { fetchProfile: false });
    hangUps = ['close'];
    const profile = await patrons.profile(session.id, { refresh: true });
    expect(profile.name).toBe('Doe, Jane');
  });

  it('rejects resendAfterIdleDrop that is not a boolean', () => {
    expect(() =>
      sip2({ host: '127.0.0.1', ...SIP2_LOGIN, resendAfterIdleDrop: 'yes' as unknown as boolean }),
    ).toThrow(/resendAfterIdleDrop/);
  });
});
