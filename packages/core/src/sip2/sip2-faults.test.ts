import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../internal/logger.js';
import { onIlsAuthEvent } from '../observability/events.js';
import { healthReport } from '../observability/health.js';
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

const PATRON = { barcode: '21000000000001', pin: '8642' };
const library = testSip2Library({ [PATRON.barcode]: { pin: PATRON.pin, name: 'Doe, Jane' } });
const failure = failureOf;

/** Raw answer bytes with a correct checksum over whatever trailer the test chose. */
function rechecksummed(text: string): Sip2Reply {
  const bytes = Buffer.from(text, 'latin1');
  return { raw: Buffer.concat([bytes, Buffer.from(`${checksumOf(bytes)}\r`, 'latin1')]) };
}

/** A port nothing listens on: taken from a server that was closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SIP2 faults: typed errors, never a crash or a hang, and nothing secret in what they leave', () => {
  let server: ScriptedSip2Server;
  /** What the server answers to the next 63 instead of the library's answer. */
  let patronReply: ((message: string) => Sip2Reply) | undefined;
  const descriptors: ReturnType<typeof sip2>[] = [];
  const lines: string[] = [];
  const logger: Logger = {
    warn: (message, context) => lines.push(`${message} ${JSON.stringify(context)}`),
    error: (message, context) => lines.push(`${message} ${JSON.stringify(context)}`),
  };
  const auth = (options: Partial<Sip2Options> = {}) => {
    const descriptor = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN, ...options });
    descriptors.push(descriptor);
    return createPatronAuth(descriptor, { store: new MemoryStore(), logger });
  };

  beforeAll(async () => {
    server = await startScriptedSip2Server((message, connection) =>
      patronReply && message.startsWith('63') ? patronReply(message) : library(message, connection),
    );
  });
  afterEach(async () => {
    patronReply = undefined;
    for (const descriptor of descriptors.splice(0)) await closeSip2Connections(descriptor);
  });
  afterAll(() => server.close());

  it('a server that is down: provider_unavailable, then fail-fast with retryAfter, an unhealthy report and one log line', async () => {
    const port = await deadPort();
    const descriptor = sip2({ host: '127.0.0.1', port, ...SIP2_LOGIN, id: 'sip2-down' });
    descriptors.push(descriptor);
    const patrons = createPatronAuth(descriptor, { store: new MemoryStore(), logger });
    const first = await failure(patrons.login(PATRON));
    expect(first).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect((first as { retryAfter?: number }).retryAfter).toBeGreaterThanOrEqual(1);
    const started = Date.now();
    const second = await failure(patrons.login(PATRON));
    expect(second).toMatchObject({ code: 'provider_unavailable' });
    expect((second as Error).message).toContain('resume in');
    expect(Date.now() - started).toBeLessThan(100);
    const health = healthReport().tokens.find((entry) => entry.provider === 'sip2-down');
    expect(health).toMatchObject({ healthy: false, backoff: { backingOff: true, failures: 1 } });
    expect(
      lines.filter((line) => line.includes('outage started') && line.includes('sip2-down')),
    ).toHaveLength(1);
  });

  it('a server that stops answering: provider_unavailable within the answer timeout, then no new connection while backing off', async () => {
    patronReply = () => undefined;
    const patrons = auth({ timeouts: { answerMs: 300 } });
    const started = Date.now();
    const error = await failure(patrons.login(PATRON));
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: 'provider_unavailable' });
    expect((error as Error).message).toContain('300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
    const connections = server.connections.length;
    const again = await Promise.all(Array.from({ length: 5 }, () => failure(patrons.login(PATRON))));
    expect(again.every((each) => (each as { code?: string }).code === 'provider_unavailable')).toBe(true);
    expect(server.connections.length).toBe(connections);
  });

  it('garbage, a wrong or missing checksum: malformed_response, and the connection is not used again', async () => {
    const cases: [string, (message: string) => Sip2Reply][] = [
      ['garbage', () => ({ raw: Buffer.from('HTTP/1.1 400 Bad Request\r\n') })],
      [
        'wrong checksum',
        () => ({
          raw: Buffer.from(
            `64${' '.repeat(14)}000${'2'.repeat(18)}${'0'.repeat(24)}AOMAIN|AA1|BLY|CQY|AY0AZ0000\r`,
          ),
        }),
      ],
      [
        'no checksum',
        () => ({
          raw: Buffer.from(`64${' '.repeat(14)}000${'2'.repeat(18)}${'0'.repeat(24)}AOMAIN|AA1|BLY|CQY|\r`),
        }),
      ],
      ['another command', () => '941'],
      [
        'another sequence number',
        () =>
          rechecksummed(`64${' '.repeat(14)}000${'2'.repeat(18)}${'0'.repeat(24)}AOMAIN|AA1|BLY|CQY|AY9AZ`),
      ],
    ];
    for (const [name, reply] of cases) {
      patronReply = reply;
      const before = server.connections.length;
      const patrons = auth({ poolSize: 1 });
      expect(await failure(patrons.login(PATRON)), name).toMatchObject({ code: 'malformed_response' });
      patronReply = undefined;
      await patrons.login(PATRON);
      expect(server.connections.length - before, name).toBe(2);
    }
  });

  it('an oversized answer: response_too_large, without reading it all', async () => {
    patronReply = () => ({ raw: Buffer.alloc(200_000, 0x41) });
    const error = await failure(auth({ maxResponseBytes: 4096 }).login(PATRON));
    expect(error).toMatchObject({ code: 'response_too_large' });
  });

  it('a server without error detection is read when errorDetection is off', async () => {
    const plain = await startScriptedSip2Server(library, { checksums: false });
    try {
      const descriptor = sip2({ host: plain.host, port: plain.port, ...SIP2_LOGIN, errorDetection: false });
      descriptors.push(descriptor);
      const session = await createPatronAuth(descriptor).login(PATRON);
      expect(session.profile.name).toBe('Doe, Jane');
      expect(plain.received.every((message) => !/AY\d|AZ/.test(message))).toBe(true);
    } finally {
      await plain.close();
    }
  });

  it('leaves no PIN, SIP password or full card number in errors, log lines or events', async () => {
    const events: unknown[] = [];
    const stop = onIlsAuthEvent((event) => events.push(event));
    const seen: unknown[] = [];
    try {
      for (const reply of [() => undefined, () => ({ raw: Buffer.from('junk\r') }), () => '941'] as const) {
        patronReply = reply;
        seen.push(await failure(auth({ timeouts: { answerMs: 200 } }).login(PATRON)));
      }
      patronReply = undefined;
      seen.push(await failure(auth().login({ ...PATRON, pin: '97531' })));
      seen.push(await failure(auth({ loginPassword: 'another-secret' }).login(PATRON)));
    } finally {
      stop();
    }
    const printed = [
      ...seen.flatMap((error) => [JSON.stringify(error), inspect(error), String((error as Error).message)]),
      ...lines,
      JSON.stringify(events),
    ].join('\n');
    for (const secret of [PATRON.pin, '97531', PATRON.barcode, SIP2_LOGIN.loginPassword, 'another-secret'])
      expect(printed).not.toContain(secret);
    expect(seen.every((error) => error !== undefined)).toBe(true);
  });
});
