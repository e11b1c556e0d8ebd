import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { MemoryStore } from '../store/memory-store.js';
import { SIP2_LOGIN, testSip2Library } from '../test-support/sip2-test-library.js';
import {
  type ScriptedSip2Server,
  type Sip2Script,
  startScriptedSip2Server,
} from '../test-support/sip2-test-server.js';
import type { Sip2Options } from './sip2-options.js';
import { closeSip2Connections } from './sip2-pools.js';

const PATRON = { barcode: '21000000000001', pin: '1234' };
const library = testSip2Library({ [PATRON.barcode]: { pin: PATRON.pin, name: 'Doe, Jane' } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (up to 2 s) for what the server sees to catch up with what the client sent. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 2_000; waited += 5) await sleep(5);
}
const commandsOn = (server: ScriptedSip2Server, index: number) =>
  server.connections[index]?.received.map((message) => message.slice(0, 2)) ?? [];

describe('SIP2 connection pool', () => {
  let server: ScriptedSip2Server;
  let delayMs = 0;
  let dropNextPatronMessage = false;
  /** While set, the server holds every 36 until the test releases it; `'never'`: it never answers a 35. */
  let endSession: { gate: Promise<void> } | 'never' | undefined;
  const descriptors: ReturnType<typeof sip2>[] = [];
  const script: Sip2Script = async (message, connection) => {
    if (dropNextPatronMessage && message.startsWith('63')) {
      dropNextPatronMessage = false;
      connection.close();
      return undefined;
    }
    if (delayMs > 0 && message.startsWith('63')) await sleep(delayMs);
    if (message.startsWith('35')) {
      if (endSession === 'never') return undefined;
      if (endSession) await endSession.gate;
    }
    return library(message, connection);
  };
  const auth = (options: Partial<Sip2Options> = {}) => {
    const descriptor = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN, ...options });
    descriptors.push(descriptor);
    return createPatronAuth(descriptor, { store: new MemoryStore() });
  };

  beforeAll(async () => {
    server = await startScriptedSip2Server(script);
  });
  afterEach(async () => {
    delayMs = 0;
    dropNextPatronMessage = false;
    endSession = undefined;
    for (const descriptor of descriptors.splice(0)) await closeSip2Connections(descriptor);
  });
  afterAll(() => server.close());

  it('opens at most poolSize connections for 12 parallel sign-ins, logs each in once, one message in flight on each', async () => {
    delayMs = 30;
    const first = server.connections.length;
    const patrons = auth({ poolSize: 3 });
    const sessions = await Promise.all(Array.from({ length: 12 }, () => patrons.login(PATRON)));
    expect(sessions.every((session) => session.patronId === PATRON.barcode)).toBe(true);
    const opened = server.connections.slice(first);
    expect(opened).toHaveLength(3);
    for (const connection of opened) {
      expect(connection.received.filter((message) => message.startsWith('93'))).toHaveLength(1);
      expect(connection.received[0]?.startsWith('93')).toBe(true);
    }
    expect(
      opened.reduce(
        (sum, connection) => sum + connection.received.filter((m) => m.startsWith('63')).length,
        0,
      ),
    ).toBe(12);
    expect(server.overlaps()).toBe(0);
  });

  it('a sign-in waits for a busy pool at most timeouts.waitMs', async () => {
    delayMs = 400;
    const patrons = auth({ poolSize: 1, timeouts: { waitMs: 100 } });
    const [first, second] = await Promise.allSettled([patrons.login(PATRON), patrons.login(PATRON)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'provider_unavailable' } });
    expect(String((second as PromiseRejectedResult).reason.message)).toContain('stayed busy for 100 ms');
  });

  it('keeps an idle connection alive with SC status (99) and reuses it', async () => {
    const first = server.connections.length;
    // One connection: a sign-in that arrives while a 99 is in flight waits for it rather than opening a
    // second connection (with room in the pool it may open one, which is not what this test is about).
    const patrons = auth({ poolSize: 1, timeouts: { keepAliveMs: 100 } });
    await patrons.login(PATRON);
    await sleep(450);
    expect(commandsOn(server, first).filter((command) => command === '99').length).toBeGreaterThanOrEqual(2);
    await patrons.login(PATRON);
    expect(server.connections.length - first).toBe(1);
    // Off for a server that takes no 99: the connection just waits.
    const quiet = auth({ timeouts: { keepAliveMs: 0 } });
    await quiet.login(PATRON);
    const quietConnection = server.connections.length - 1;
    await sleep(150);
    expect(commandsOn(server, quietConnection)).toEqual(['93', '63', '35']);
  });

  it('does not fail a sign-in when the server closed its connection meanwhile: it notices, or tries again once', async () => {
    const first = server.connections.length;
    const patrons = auth({ poolSize: 1 });
    await patrons.login(PATRON);
    // The server closes the connection at rest: the pool sees the close and opens a new one.
    server.dropAll();
    await sleep(20);
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    // The close crosses our message (the server reads it and hangs up without a word): done again.
    dropNextPatronMessage = true;
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(server.connections.length - first).toBe(3);
  });

  it('retries a message the server dropped on an idle connection on a connection opened for it, not on another idle one', async () => {
    const first = server.connections.length;
    const patrons = auth({ poolSize: 2 });
    delayMs = 20;
    await Promise.all([patrons.login(PATRON), patrons.login(PATRON)]);
    delayMs = 0;
    await sleep(50); // both End Patron Sessions answered: two idle connections
    expect(server.connections.length - first).toBe(2);
    // The next 63 meets a close it crossed (the server hangs up without a byte of answer).
    dropNextPatronMessage = true;
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    // Done again on a third connection, opened for it; the other idle connection got no 63 of this sign-in.
    expect(server.connections.length - first).toBe(3);
    expect(commandsOn(server, first + 2).slice(0, 2)).toEqual(['93', '63']);
    const patronMessages = [first, first + 1].map(
      (index) => commandsOn(server, index).filter((command) => command === '63').length,
    );
    expect(patronMessages.sort()).toEqual([1, 2]);
  });

  it('leaves no socket open once closed, and a process that never closes its pool still exits', async () => {
    const patrons = auth({ poolSize: 2 });
    await Promise.all([patrons.login(PATRON), patrons.login(PATRON)]);
    expect(server.openSockets()).toBeGreaterThanOrEqual(2);
    for (const descriptor of descriptors.splice(0)) await closeSip2Connections(descriptor);
    await sleep(50);
    expect(server.openSockets()).toBe(0);

    // A child process signs in and returns without closing anything: idle sockets must not keep it alive.
    const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const code = `
      const { createPatronAuth, sip2 } = await import(${JSON.stringify(entry)});
      const auth = createPatronAuth(sip2(${JSON.stringify({ host: server.host, port: server.port, ...SIP2_LOGIN })}));
      const session = await auth.login(${JSON.stringify(PATRON)});
      console.log(session.patronId);
    `;
    const started = Date.now();
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', code], { timeout: 10_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    expect(output.trim()).toBe(PATRON.barcode);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('the sign-in resolves at its 64 while its 35 waits for a 36; the connection is held until then; every sign-in sends a 35', async () => {
    let release = () => {};
    endSession = { gate: new Promise<void>((resolve) => (release = resolve)) };
    const first = server.connections.length;
    const patrons = auth({ poolSize: 2 });

    // The server has not answered the 35: the sign-in is done all the same.
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    await until(() => commandsOn(server, first).length === 3);
    expect(commandsOn(server, first)).toEqual(['93', '63', '35']);
    // Its connection is still waiting for the 36, so the next sign-in is given another one.
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(server.connections.length - first).toBe(2);
    await until(() => commandsOn(server, first + 1).length === 3);
    expect(commandsOn(server, first + 1)).toEqual(['93', '63', '35']);

    release();
    await sleep(50);
    // Both back in the pool: four more sign-ins, two at a time, open nothing new.
    for (let round = 0; round < 2; round += 1)
      await Promise.all([patrons.login(PATRON), patrons.login(PATRON)]);
    expect(server.connections.length - first).toBe(2);

    await closeSip2Connections(patrons.provider);
    const sent = [first, first + 1].flatMap((index) => commandsOn(server, index));
    expect(sent.filter((command) => command === '63')).toHaveLength(6);
    expect(sent.filter((command) => command === '35')).toHaveLength(6);
    // On each connection every 63 is followed by its 35 before anything else: one patron at a time.
    for (const index of [first, first + 1])
      expect(commandsOn(server, index).join(' ')).toMatch(/^93( 63 35)+$/);
    expect(server.overlaps()).toBe(0);
  });

  it('a 36 that never comes destroys the connection after the answer timeout, without failing the sign-in', async () => {
    endSession = 'never';
    const first = server.connections.length;
    const patrons = auth({ poolSize: 1, timeouts: { answerMs: 150 } });
    await until(() => server.openSockets() === 0);
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    await until(() => commandsOn(server, first).length === 3);
    expect(commandsOn(server, first)).toEqual(['93', '63', '35']);
    expect(server.openSockets()).toBe(1);
    await sleep(400);
    // Gone, not leaked, and not back in the pool: the next sign-in opens a new connection and succeeds.
    expect(server.openSockets()).toBe(0);
    endSession = undefined;
    expect((await patrons.login(PATRON)).patronId).toBe(PATRON.barcode);
    expect(server.connections.length - first).toBe(2);
    await closeSip2Connections(patrons.provider);
    await until(() => server.openSockets() === 0);
    expect(server.openSockets()).toBe(0);
  });
});
