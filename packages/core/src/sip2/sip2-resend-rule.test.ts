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
import type { Sip2Options } from './sip2-options.js';
import { closeSip2Connections } from './sip2-pools.js';

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
