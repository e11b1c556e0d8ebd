import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { patronInformation } from '../testing/sip2-session.js';
import { Sip2Wire, withChecksum } from '../testing/sip2-wire.js';
import { checksumMatches } from './checksum.js';
import { type Sip2Emulator, startSip2Emulator } from './emulator.js';

let sip: Sip2Emulator;
beforeAll(async () => {
  sip = await startSip2Emulator();
});
afterAll(() => sip.close());
afterEach(() => {
  sip.controls.fault(null);
  sip.controls.latency(0);
  sip.controls.closeIdleAtRandom(0);
});

const login = () => `9300CN${sip.credentials.loginUserId}|CO${sip.credentials.loginPassword}|`;
const validPatronInformation = () => patronInformation(sip.patrons.valid.barcode, sip.patrons.valid.pin);

async function loggedIn(): Promise<Sip2Wire> {
  const wire = await Sip2Wire.open(sip.port);
  expect(await wire.exchange(login())).toBe('941');
  return wire;
}

describe('faults', () => {
  it('close-after-login: answers 941, then closes; the next login is served', async () => {
    sip.controls.fault('close-after-login');
    const wire = await Sip2Wire.open(sip.port);
    expect(await wire.exchange(login())).toBe('941');
    await wire.closed;
    (await loggedIn()).close();
  });

  it('stall: the message is never answered, the connection stays open, the next is answered', async () => {
    const wire = await loggedIn();
    sip.controls.fault('stall', { command: '63' });
    wire.send('9909992.00');
    expect(await wire.text()).toMatch(/^98/);
    wire.send(validPatronInformation());
    await expect(wire.read(300)).rejects.toThrow('no answer in time');
    expect(await wire.exchange(validPatronInformation())).toMatch(/^64/);
    wire.close();
  });

  it('garbage: bytes that are not SIP2, terminated by CR', async () => {
    const wire = await loggedIn();
    sip.controls.fault('garbage');
    const answer = await wire.exchange(validPatronInformation());
    expect(answer).not.toMatch(/^64/);
    expect(answer).toContain('not SIP');
    wire.close();
  });

  it('missing-checksum and bad-checksum bend the error-detection tail of as many answers as asked', async () => {
    const wire = await loggedIn();
    sip.controls.fault('missing-checksum', { times: 2 });
    for (let sequence = 1; sequence <= 2; sequence++) {
      wire.send(withChecksum(validPatronInformation(), sequence));
      expect(await wire.text()).not.toMatch(/AZ[0-9A-F]{4}$/);
    }
    wire.send(withChecksum(validPatronInformation(), 3));
    expect(await wire.text()).toMatch(/AY3AZ[0-9A-F]{4}$/);

    sip.controls.fault('bad-checksum');
    wire.send(withChecksum(validPatronInformation(), 4));
    const bad = await wire.read();
    expect(bad.subarray(-9, -4).toString()).toBe('AY4AZ');
    expect(checksumMatches(bad.subarray(0, -4), bad.subarray(-4).toString())).toBe(false);
    wire.close();
  });

  it('oversized: an answer over 2 MiB before its CR', async () => {
    const wire = await loggedIn();
    sip.controls.fault('oversized');
    // Nothing asked yet: the fault waits for a message.
    await expect(wire.read(200)).rejects.toThrow('no answer in time');
    wire.send(validPatronInformation());
    expect((await wire.read(5000)).length).toBeGreaterThan(2 * 1024 * 1024);
    wire.close();
  });

  it('close-next: the next message closes the connection unanswered', async () => {
    const wire = await loggedIn();
    sip.controls.fault('close-next');
    wire.send(validPatronInformation());
    await expect(wire.read()).rejects.toThrow('closed by the server');
  });

  it('null switches a fault off; unknown kinds and bad options are refused', async () => {
    sip.controls.fault('close-next', { times: 5 });
    sip.controls.fault(null);
    (await loggedIn()).close();
    expect(() => sip.controls.fault('explode' as never)).toThrow(/unknown kind/);
    expect(() => sip.controls.fault('stall', { times: 0 })).toThrow(/times/);
    expect(() => sip.controls.fault('stall', { command: 'login' })).toThrow(/command/);
  });
});

describe('controls', () => {
  it('latency delays every answer', async () => {
    const wire = await loggedIn();
    sip.controls.latency(150);
    const started = performance.now();
    expect(await wire.exchange('9909992.00')).toMatch(/^98/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(() => sip.controls.latency(-1)).toThrow(/latency/);
    wire.close();
  });

  it('closeAllConnections drops every open connection, and new ones are served', async () => {
    const wires = await Promise.all([loggedIn(), loggedIn(), loggedIn()]);
    sip.controls.closeAllConnections();
    await Promise.all(wires.map((wire) => wire.closed));
    await expect.poll(() => sip.controls.stats().connectionsOpen).toBe(0);
    (await loggedIn()).close();
  });

  it('closeIdleAtRandom drops idle connections, never one waiting for its answer', async () => {
    const idle = await loggedIn();
    const busy = await loggedIn();
    sip.controls.latency(400);
    busy.send(validPatronInformation());
    sip.controls.closeIdleAtRandom(1);
    await idle.closed;
    expect(await busy.text()).toMatch(/^64/);
    await busy.closed;
    expect(() => sip.controls.closeIdleAtRandom(2)).toThrow(/probability/);
  });

  it('closeIdleAtRandom spares a connection quiet for less than a whole check interval, as an idle timeout does', async () => {
    const checked = await startSip2Emulator({ idleCheckIntervalMs: 250 });
    try {
      const wire = await Sip2Wire.open(checked.port);
      let open = true;
      void wire.closed.then(() => {
        open = false;
      });
      await wire.exchange(`9300CN${checked.credentials.loginUserId}|CO${checked.credentials.loginPassword}|`);
      checked.controls.closeIdleAtRandom(1);
      // A message every 5 ms for 800 ms: idle between each answer and the next message (at three checks a
      // connection idle at the instant of the check would have gone), never for a whole interval (unless
      // this process stalls for 250 ms).
      const started = performance.now();
      while (performance.now() - started < 800) {
        expect(await wire.exchange('9909992.00')).toMatch(/^98/);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(open).toBe(true);
      const quiet = performance.now();
      await wire.closed;
      expect(performance.now() - quiet).toBeLessThan(1_000);
    } finally {
      await checked.close();
    }
  });

  it('idleTimeoutMs closes a connection left idle that long', async () => {
    const strict = await startSip2Emulator({ idleTimeoutMs: 150 });
    try {
      const wire = await Sip2Wire.open(strict.port);
      const started = performance.now();
      await wire.exchange(`9300CN${strict.credentials.loginUserId}|CO${strict.credentials.loginPassword}|`);
      await wire.closed;
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await strict.close();
    }
  });
});
