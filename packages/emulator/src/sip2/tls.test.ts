import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sip2Wire } from '../testing/sip2-wire.js';
import { type Sip2Emulator, startSip2Emulator } from './emulator.js';

let sip: Sip2Emulator;
beforeAll(async () => {
  sip = await startSip2Emulator({ tls: true });
});
afterAll(() => sip.close());

const login = () => `9300CN${sip.credentials.loginUserId}|CO${sip.credentials.loginPassword}|`;

describe('implicit TLS', () => {
  it('exposes the test CA, and only when TLS is on', async () => {
    expect(sip.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(new X509Certificate(sip.ca ?? '').subject).toContain('TEST CA');
    const plain = await startSip2Emulator();
    expect(plain.ca).toBeUndefined();
    await plain.close();
  });

  it('is verified with the CA and the server name 127.0.0.1, localhost or ::1', async () => {
    for (const servername of [undefined, 'localhost']) {
      const wire = await Sip2Wire.open(sip.port, {
        ca: sip.ca,
        ...(servername ? { servername } : {}),
        rejectUnauthorized: true,
      });
      expect(await wire.exchange(login())).toBe('941');
      expect((wire.socket as TLSSocket).authorized).toBe(true);
      wire.close();
    }
    const v6 = await startSip2Emulator({ tls: true, host: '::1' });
    try {
      const wire = await Sip2Wire.open(v6.port, { ca: v6.ca }, '::1');
      expect(await wire.exchange(login())).toBe('941');
      wire.close();
    } finally {
      await v6.close();
    }
  });

  it('fails verification without the CA, and for another server name', async () => {
    await expect(Sip2Wire.open(sip.port, { rejectUnauthorized: true })).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
    await expect(Sip2Wire.open(sip.port, { ca: sip.ca, servername: 'sip.library.example' })).rejects.toThrow(
      /altnames|does not match/i,
    );
  });

  it('drops a client that speaks plain SIP2 to the TLS port', async () => {
    const wire = await Sip2Wire.open(sip.port);
    wire.send(login());
    await expect(wire.read()).rejects.toThrow(/closed by the server/);
  });

  it('close() also ends connections still in their handshake', async () => {
    const own = await startSip2Emulator({ tls: true });
    const stuck = await Sip2Wire.open(own.port); // plain TCP: never completes a handshake
    const done = await Sip2Wire.open(own.port, { ca: own.ca });
    await own.close();
    await Promise.all([stuck.closed, done.closed]);
    expect(own.controls.stats().connectionsOpen).toBe(0);
  });
});
