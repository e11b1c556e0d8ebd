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
const commandsOn = (server: ScriptedSip2Server, index: number) =>
  server.connections[index]?.received.map((message) => message.slice(0, 2)) ?? [];

describe('SIP2 connection pool', () => {
  let server: ScriptedSip2Server;
  let delayMs = 0;
  let dropNextPatronMessage = false;
  const descriptors: ReturnType<typeof sip2>[] = [];
  const script: Sip2Script = async (message, connection) => {
    if (dropNextPatronMessage && message.startsWith('63')) {
      dropNextPatronMessage = false;
      connection.close();
      return undefined;
    }
    if (delayMs > 0 && message.startsWith('63')) await sleep(delayMs);
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
    const patrons = auth({ poolSize: 2, timeouts: { keepAliveMs: 100 } });
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
});
