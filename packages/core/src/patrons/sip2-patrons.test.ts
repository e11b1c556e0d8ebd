import { type Sip2Emulator, type Sip2FlavourName, startSip2Emulator } from '@ils-auth/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { sip2 } from '../providers/sip2.js';
import type { Sip2Options } from '../sip2/sip2-options.js';
import { closeSip2Connections } from '../sip2/sip2-pools.js';
import { MemoryStore } from '../store/memory-store.js';
import { failureOf } from '../test-support/failure-of.js';
import { createPatronAuth } from './create-patron-auth.js';

const emulators: Sip2Emulator[] = [];
const descriptors: ReturnType<typeof sip2>[] = [];
afterAll(async () => {
  for (const descriptor of descriptors) await closeSip2Connections(descriptor);
  await Promise.all(emulators.map((emulator) => emulator.close()));
});

async function emulator(options: Parameters<typeof startSip2Emulator>[0] = {}): Promise<Sip2Emulator> {
  const started = await startSip2Emulator(options);
  emulators.push(started);
  return started;
}

/** A fresh descriptor (own pool) and store (own backoff) on the emulator. */
function patronsOf(server: Sip2Emulator, options: Partial<Sip2Options> = {}) {
  const { loginUserId, loginPassword, institution, locationCode } = server.credentials;
  const descriptor = sip2({
    host: server.host,
    port: server.port,
    loginUserId,
    loginPassword,
    institution,
    locationCode,
    ...(server.ca ? { tls: { ca: server.ca } } : {}),
    ...options,
  });
  descriptors.push(descriptor);
  return createPatronAuth(descriptor, { store: new MemoryStore() });
}

/** What each flavour's answers lead to, per seeded patron (docs/providers.md, SIP2, "dialects"). */
const EXPECTED: Record<Sip2FlavourName, { expired: string; fines: string }> = {
  // No expiry field: the expired card is refused for the privileges the server withdrew.
  generic: { expired: 'charge_privileges_denied', fines: 'signed in' },
  koha: { expired: 'charge_privileges_denied', fines: 'charge_privileges_denied' },
  evergreen: { expired: 'expired', fines: 'signed in' },
  polaris: { expired: 'expired', fines: 'charge_privileges_denied' },
  sierra: { expired: 'charge_privileges_denied', fines: 'signed in' },
};

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'signed in',
    (error: { code?: string; reason?: string }) => error.reason ?? error.code,
  );

describe('SIP2 sign-in against the emulator', () => {
  for (const flavour of Object.keys(EXPECTED) as Sip2FlavourName[]) {
    for (const tls of [false, true]) {
      it(`${flavour} over ${tls ? 'TLS' : 'TCP'}: every patron state`, async () => {
        const server = await emulator({ flavour, tls });
        const patrons = patronsOf(server, { dialect: flavour });
        const { valid, blocked, lost, expired, fines, unicode, noPin } = server.patrons;
        const session = await patrons.login({ barcode: valid.barcode, pin: valid.pin });
        expect(session.profile).toMatchObject({ provider: 'sip2', name: valid.name, barcode: valid.barcode });
        expect(session.profile.blocks).toBeUndefined();
        const results = {
          wrongPin: await outcome(patrons.login({ barcode: valid.barcode, pin: '0000' })),
          unknown: await outcome(patrons.login({ barcode: server.unknownBarcode, pin: valid.pin })),
          blocked: await outcome(patrons.login(blocked)),
          lost: await outcome(patrons.login(lost)),
          expired: await outcome(patrons.login(expired)),
          fines: await outcome(patrons.login(fines)),
          unicode: await outcome(patrons.login(unicode)),
          noPin: await outcome(patrons.login({ barcode: noPin.barcode, pin: '1234' })),
        };
        expect(results).toEqual({
          wrongPin: 'invalid_credentials',
          unknown: 'invalid_credentials',
          blocked: 'charge_privileges_denied',
          lost: 'card_lost',
          expired: EXPECTED[flavour].expired,
          fines: EXPECTED[flavour].fines,
          unicode: 'signed in',
          noPin: 'invalid_credentials',
        });
        const log = JSON.stringify(server.controls.requestLog());
        expect(log).not.toContain(valid.pin);
      });
    }
  }

  it('the PIN-less patron (no PIN set; the server takes an empty AD) cannot sign in: sip2() always sends a PIN', async () => {
    const server = await emulator();
    const patrons = patronsOf(server);
    const { noPin } = server.patrons;
    // An empty PIN never reaches the server: a sign-in by card number alone would let in anyone who knows one.
    for (const pin of [undefined, '']) {
      expect(await failureOf(patrons.login({ barcode: noPin.barcode, pin }))).toMatchObject({
        code: 'invalid_input',
        message: 'the pin is missing',
      });
    }
    expect(server.controls.stats().messages['63'] ?? 0).toBe(0);
    expect(await failureOf(patrons.login({ barcode: noPin.barcode, pin: 'any' }))).toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('reads the profile in every field the flavour sends (Evergreen: record id, expiry, birth date, class)', async () => {
    const server = await emulator({ flavour: 'evergreen' });
    const { valid } = server.patrons;
    const session = await patronsOf(server, { dialect: 'evergreen' }).login(valid);
    expect(session.patronId).toBe(valid.internalId);
    expect(session.profile).toMatchObject({
      id: valid.internalId,
      email: valid.email,
      phone: valid.phone,
      homeLibrary: valid.homeLibrary,
      expiresAt: valid.expires,
      birthdate: valid.birthDate,
      patronType: valid.patronClass,
    });
    const owing = await patronsOf(server, { dialect: 'evergreen' }).login(server.patrons.fines);
    expect(owing.profile.fines?.amount).toBe(12.5);
  });

  it('speaks Windows-1252 to a server that does', async () => {
    const server = await emulator({ encoding: 'windows-1252' });
    const { unicode } = server.patrons;
    const session = await patronsOf(server, { encoding: 'windows-1252' }).login(unicode);
    expect(session.profile.name).toBe(unicode.name);
  });

  it('keeps its connections through a server that closes idle ones at random: 0 failed sign-ins, 0 sockets left', async () => {
    const server = await emulator({ idleCheckIntervalMs: 5 });
    const patrons = patronsOf(server, { poolSize: 4 });
    server.controls.closeIdleAtRandom(0.3);
    const { valid } = server.patrons;
    const failures: unknown[] = [];
    for (let round = 0; round < 40; round += 1) {
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => patrons.login(valid)));
      failures.push(
        ...results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : [])),
      );
      // Longer than two check intervals: the server drops only connections idle for a whole one.
      await new Promise((resolve) => setTimeout(resolve, 12));
    }
    expect(failures).toEqual([]);
    expect(server.controls.stats().connectionsOpened).toBeGreaterThan(4);
    await closeSip2Connections(patrons.provider);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.controls.stats().connectionsOpen).toBe(0);
  });

  it('a connection the server drops as our message arrives is replaced without failing the sign-in', async () => {
    const server = await emulator();
    const patrons = patronsOf(server, { poolSize: 1 });
    const { valid } = server.patrons;
    await patrons.login(valid);
    server.controls.fault('close-next', { command: '63' });
    await patrons.login(valid);
    server.controls.closeAllConnections();
    await patrons.login(valid);
    expect(server.controls.stats().connectionsOpened).toBe(3);
  });

  it('a connection closed right after its login is replaced; a server that closes every one fails after poolSize + 1', async () => {
    const server = await emulator();
    const { valid } = server.patrons;
    server.controls.fault('close-after-login');
    expect((await patronsOf(server, { poolSize: 2 }).login(valid)).patronId).toBe(valid.barcode);
    expect(server.controls.stats().connectionsOpened).toBe(2);
    // The close that came with the 94 was read before the PIN went out: the PIN reached the server once.
    expect(server.controls.stats().messages['63']).toBe(1);
    server.controls.fault('close-after-login', { times: 100 });
    const error = await failureOf(patronsOf(server, { poolSize: 2 }).login(valid));
    expect(error).toMatchObject({ code: 'provider_unavailable' });
    expect(server.controls.stats().connectionsOpened).toBe(2 + 3);
  });

  it('a server that stops answering fails the sign-in within the answer timeout', async () => {
    const server = await emulator();
    server.controls.fault('stall', { command: '63' });
    const started = Date.now();
    const error = await failureOf(
      patronsOf(server, { timeouts: { answerMs: 400 } }).login(server.patrons.valid),
    );
    expect(error).toMatchObject({ code: 'provider_unavailable' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('answers each fault with a typed error and signs in again once it is over', async () => {
    const server = await emulator();
    const { valid } = server.patrons;
    const cases = [
      ['garbage', 'malformed_response'],
      ['missing-checksum', 'malformed_response'],
      ['bad-checksum', 'malformed_response'],
      ['oversized', 'response_too_large'],
    ] as const;
    for (const [fault, code] of cases) {
      server.controls.fault(fault, { command: '63' });
      expect(await failureOf(patronsOf(server).login(valid)), fault).toMatchObject({ code });
      server.controls.fault(null);
      expect((await patronsOf(server).login(valid)).patronId, fault).toBe(valid.barcode);
    }
  });
});
