import {
  type EvergreenEmulator,
  type EvergreenEmulatorOptions,
  startEvergreenEmulator,
} from '@ils-auth/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { type EvergreenOptions, evergreen } from '../providers/evergreen.js';
import { gatewayCall, gatewayForm } from '../providers/evergreen-gateway.js';
import { printedForms, refusalOf } from '../test-support/refusal-of.js';
import { createPatronAuth } from './create-patron-auth.js';

let emulator: EvergreenEmulator;
const start = async (options: EvergreenEmulatorOptions = {}) => {
  emulator = await startEvergreenEmulator(options);
  return emulator;
};
afterEach(() => emulator?.close());

const descriptor = (options: Partial<EvergreenOptions> = {}) =>
  evergreen({ baseUrl: emulator.url, ...emulator.credentials, ...options });
const staffLogins = () => emulator.controls.logins().staff ?? { ok: 0, failed: 0, locked: 0 };
const owed = (summary: unknown) => (summary as { __c: string; __p: unknown[] }).__p[0];

describe('evergreen(): the staff session through the OpenSRF gateway', () => {
  it('adds the authtoken as the first param; 50 parallel calls on a cold cache make one login', async () => {
    await start();
    const client = createClient(descriptor());
    const summaries = await Promise.all(
      Array.from({ length: 50 }, () =>
        gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 104),
      ),
    );
    expect(new Set(summaries.map(owed))).toEqual(new Set(['42.50']));
    const response = await client.fetch('osrf-gateway-v1', {
      method: 'POST',
      body: gatewayForm('open-ils.actor', 'open-ils.actor.user.fines.summary', [101]),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(staffLogins()).toEqual({ ok: 1, failed: 0, locked: 0 });
  });

  it('NO_SESSION in an HTTP 200 (a restart, an idle timeout) costs exactly one new login', async () => {
    await start();
    const client = createClient(descriptor());
    await gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 101);
    emulator.controls.restart();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 101),
      ),
    );
    expect(staffLogins().ok).toBe(2);
  });

  it('logs in again ahead of the idle timeout (authtime) rather than under a caller', async () => {
    await start({ idleTimeouts: { staff: 600 } });
    let offsetMs = 0;
    const client = createClient(descriptor(), { clock: () => Date.now() + offsetMs });
    await gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 101);
    offsetMs = 590_000;
    emulator.controls.advance(590);
    await gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 101);
    expect(staffLogins().ok).toBe(2);
  });

  it('a refused staff login is invalid_client and not repeated; a failure event is a typed error', async () => {
    await start();
    const client = createClient(descriptor({ password: 'Wrong-Pa55-eg' }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await refusalOf(
        gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 101),
      );
      expect(error.code).toBe('invalid_client');
      expect(printedForms(error)).not.toContain('Wrong-Pa55-eg');
    }
    expect(staffLogins().failed).toBe(1);
    const good = createClient(descriptor());
    const missing = await refusalOf(
      gatewayCall(good, 'open-ils.actor', 'open-ils.actor.user.fleshed.retrieve', 999999),
    );
    expect(missing).toMatchObject({
      code: 'provider_error',
      providerError: { error: 'ACTOR_USER_NOT_FOUND' },
    });
  });

  it('an outage is provider_unavailable, retryable', async () => {
    await start();
    emulator.controls.inject({ endpoint: 'evergreen.gateway', status: 503, times: 1 });
    const error = await refusalOf(gatewayCall(createClient(descriptor()), 'open-ils.actor', 'x', 1));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
  });
});

describe('evergreen(): patrons by open-ils.auth.login with type opac', () => {
  it('signs every patron state in or out, the user id as patronId, profile in the shared shape', async () => {
    await start();
    const auth = createPatronAuth(descriptor());
    const rita = await auth.login({ barcode: '99999300001', pin: 'rita-pin-1' });
    expect(rita.patronId).toBe('101');
    expect(rita.profile).toMatchObject({
      provider: 'evergreen',
      id: '101',
      barcode: '99999300001',
      fines: { amount: 0 },
    });
    expect((await auth.login({ barcode: 'rita', pin: 'rita-pin-1' })).patronId).toBe('101');
    const bert = await auth.login({ barcode: '99999300002', pin: 'bert-pin-2' });
    expect(bert.profile.blocks?.[0]?.reason).toBe('restricted');
    const edgar = await auth.login({ barcode: '99999300003', pin: 'edgar-pin-3' });
    expect(edgar.profile.expiresAt?.startsWith('2021')).toBe(true);
    const fiona = await auth.login({ barcode: '99999300004', pin: 'fiona-pin-4' });
    expect(fiona.profile.fines).toEqual({ amount: 42.5 });
    expect(fiona.profile.blocks).toEqual([{ reason: 'excessive_fines' }]);
    for (const [barcode, pin, code] of [
      ['99999300001', 'wrong-pin', 'invalid_credentials'],
      ['99999399999', 'rita-pin-1', 'invalid_credentials'],
      ['99999300007', 'barry-pin-7', 'invalid_credentials'],
      ['99999300005', 'ina-pin-5', 'access_denied'],
      ['99999300006', 'cora-pin-6', 'access_denied'],
    ] as const) {
      const error = await refusalOf(auth.login({ barcode, pin }));
      expect(error.code).toBe(code);
      expect(printedForms(error)).not.toContain(pin);
    }
    expect(staffLogins().ok).toBe(1);
  });

  it('options are checked at construction, naming the option', () => {
    const base = { baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p' };
    expect(() => evergreen({ ...base, baseUrl: 'ftp://x' })).toThrow(/`baseUrl`/);
    expect(() => evergreen({ ...base, username: '' })).toThrow(/`username`/);
    expect(() => evergreen({ ...base, type: 'opac' } as never)).toThrow(/`type`/);
  });
});
