import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { MemoryStore } from '../store/memory-store.js';
import { failureOf } from '../test-support/failure-of.js';
import { SIP2_LOGIN, testSip2Library } from '../test-support/sip2-test-library.js';
import {
  checksumOf,
  type ScriptedSip2Server,
  type Sip2Reply,
  startScriptedSip2Server,
} from '../test-support/sip2-test-server.js';
import type { Sip2Options } from './sip2-options.js';
import { closeSip2Connections } from './sip2-pools.js';

const PATRON = { barcode: '21000000000001', pin: '1234' };
const library = testSip2Library({ [PATRON.barcode]: { pin: PATRON.pin, name: 'Doe, Jane' } });
/** Request SC Resend as Koha sends it: `96`, a checksum and no sequence number (`96AZFEF6`). */
const RESEND: Sip2Reply = { raw: Buffer.from(`96AZ${checksumOf(Buffer.from('96AZ'))}\r`, 'latin1') };
const OFFLINE_STATUS = '98NYYYNN60000320260101    1200002.00AOMAIN|AMTest Library|BXYYYYYYYYYYYYYYYY|';

describe('SIP2: the server asks for a resend (96) and says whether it is online (98)', () => {
  let server: ScriptedSip2Server;
  /** How many of the next 63s the server answers with 96. */
  let resends = 0;
  let offline = false;
  const descriptors: ReturnType<typeof sip2>[] = [];
  const auth = (options: Partial<Sip2Options> = {}) => {
    const descriptor = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN, ...options });
    descriptors.push(descriptor);
    return createPatronAuth(descriptor, { store: new MemoryStore() });
  };
  const patronMessagesOn = (index: number) =>
    server.connections[index]?.received.filter((message) => message.startsWith('63')) ?? [];

  beforeAll(async () => {
    server = await startScriptedSip2Server((message, connection) => {
      if (message.startsWith('63') && resends > 0) {
        resends -= 1;
        return RESEND;
      }
      if (message.startsWith('99') && offline) return OFFLINE_STATUS;
      return library(message, connection);
    });
  });
  afterEach(async () => {
    resends = 0;
    offline = false;
    for (const descriptor of descriptors.splice(0)) await closeSip2Connections(descriptor);
  });
  afterAll(() => server.close());

  it('96: sends the same message once more on the same connection, and the sign-in goes on', async () => {
    const index = server.connections.length;
    resends = 1;
    expect((await auth().login(PATRON)).patronId).toBe(PATRON.barcode);
    const sent = patronMessagesOn(index);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    expect(server.connections.length - index).toBe(1);
  });

  it('96 twice for one message: malformed_response, and the connection is not reused', async () => {
    const patrons = auth({ poolSize: 1 });
    const index = server.connections.length;
    resends = 2;
    expect(await failureOf(patrons.login(PATRON))).toMatchObject({
      code: 'malformed_response',
      message: 'the SIP2 server could not read our message twice (96)',
    });
    expect(patronMessagesOn(index)).toHaveLength(2);
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(server.connections.length - index).toBe(2);
  });

  it('98: a dialect that sends SC Status after login signs in when the server is online, refuses when not', async () => {
    const index = server.connections.length;
    expect((await auth({ dialect: 'sip2-compliant' }).login(PATRON)).patronId).toBe(PATRON.barcode);
    // The 35 follows the sign-in's answer.
    await expect
      .poll(() => server.connections[index]?.received.map((message) => message.slice(0, 2)))
      .toEqual(['93', '99', '63', '35']);
    offline = true;
    expect(await failureOf(auth({ dialect: 'sip2-compliant' }).login(PATRON))).toMatchObject({
      code: 'provider_unavailable',
      message: 'the SIP2 server says it is offline (98)',
    });
  });
});
