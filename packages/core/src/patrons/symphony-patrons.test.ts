import {
  type SymphonyEmulator,
  type SymphonyEmulatorOptions,
  startSymphonyEmulator,
} from '@ils-auth/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { type SymphonyOptions, symphony } from '../providers/symphony.js';
import { printedForms, refusalOf } from '../test-support/refusal-of.js';
import { createPatronAuth } from './create-patron-auth.js';

let emulator: SymphonyEmulator;
const start = async (options: SymphonyEmulatorOptions = {}) => {
  emulator = await startSymphonyEmulator(options);
  return emulator;
};
afterEach(() => emulator?.close());

const descriptor = (options: Partial<SymphonyOptions> = {}) =>
  symphony({ baseUrl: emulator.baseUrl, ...emulator.credentials, ...options });
const staffLogins = () => emulator.controls.logins().staff ?? { ok: 0, failed: 0, locked: 0 };
const record = async (response: Response) => {
  expect(response.status).toBe(200);
  return ((await response.json()) as { key: string }).key;
};

describe('symphony(): the staff session (x-sirs-clientID, SD-Originating-App-Id, x-sirs-sessionToken)', () => {
  it('logs in once for 50 parallel calls on a cold cache and reuses the session', async () => {
    await start();
    const client = createClient(descriptor());
    const keys = await Promise.all(
      Array.from({ length: 50 }, async () => record(await client.fetch('user/patron/key/301001'))),
    );
    expect(new Set(keys)).toEqual(new Set(['301001']));
    await record(await client.fetch('/user/patron/key/301002'));
    expect(staffLogins()).toEqual({ ok: 1, failed: 0, locked: 0 });
  });

  it('after a restart, one new login; ahead of the session’s end, one new login', async () => {
    await start({ tokenTtlSeconds: 600 });
    let offsetMs = 0;
    const client = createClient(descriptor({ sessionSeconds: 600 }), { clock: () => Date.now() + offsetMs });
    await record(await client.fetch('user/patron/key/301001'));
    emulator.controls.restart();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => client.fetch('user/patron/key/301001')),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(staffLogins().ok).toBe(2);
    offsetMs = 590_000;
    await record(await client.fetch('user/patron/key/301001'));
    expect(staffLogins().ok).toBe(3);
  });

  it('a refused staff login is invalid_client, not repeated, and prints no password', async () => {
    await start();
    const client = createClient(descriptor({ staffPassword: 'Wrong-Pa55-ws' }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await refusalOf(client.fetch('user/patron/key/301001'));
      expect(error.code).toBe('invalid_client');
      expect(printedForms(error)).not.toContain('Wrong-Pa55-ws');
    }
    expect(staffLogins()).toEqual({ ok: 0, failed: 1, locked: 0 });
  });

  it('an outage is provider_unavailable, retryable', async () => {
    await start();
    emulator.controls.inject({ endpoint: 'symphony.staff.login', status: 503, times: 1 });
    const error = await refusalOf(createClient(descriptor()).fetch('user/patron/key/301001'));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
  });
});

describe('symphony(): patrons by user/patron/login', () => {
  it('signs every patron state in or out, patronKey as patronId, profile in the shared shape', async () => {
    await start();
    const auth = createPatronAuth(descriptor());
    const rita = await auth.login({ barcode: '21221000000001', pin: '1234' });
    expect(rita.patronId).toBe('301001');
    expect(rita.profile).toMatchObject({ provider: 'symphony', id: '301001', barcode: '21221000000001' });
    expect(rita.profile.blocks).toBeUndefined();
    const byAlternateId = await auth.login({ barcode: 'rita.reader', pin: '1234' });
    expect(byAlternateId.patronId).toBe('301001');
    const blocked = await auth.login({ barcode: '21221000000002', pin: '2222' });
    expect(blocked.profile.blocks).toEqual([{ reason: 'restricted', description: 'BLOCKED' }]);
    const expired = await auth.login({ barcode: '21221000000003', pin: '3333' });
    expect(expired.profile.expiresAt).toBe('2021-06-30');
    const fined = await auth.login({ barcode: '21221000000004', pin: '4444' });
    expect(fined.profile.fines).toEqual({ amount: 50, currency: 'USD' });
    expect(fined.profile.blocks).toEqual([{ reason: 'excessive_fines' }]);
    for (const [barcode, pin] of [
      ['21221000000001', '9999'],
      ['21221000009999', '1234'],
    ] as const) {
      const error = await refusalOf(auth.login({ barcode, pin }));
      expect(error.code).toBe('invalid_credentials');
      expect(printedForms(error)).not.toContain(barcode);
    }
    expect(staffLogins().ok).toBe(1);
  });

  it('options are checked at construction, naming the option', () => {
    const base = { baseUrl: 'http://127.0.0.1:9/symws', clientId: 'C', staffLogin: 'S', staffPassword: 'P' };
    expect(() => symphony({ ...base, clientId: 'a b' })).toThrow(/`clientId`/);
    expect(() => symphony({ ...base, appId: 'x\ny' })).toThrow(/`appId`/);
    expect(() => symphony({ ...base, staffPassword: '' })).toThrow(/`staffPassword`/);
    expect(() => symphony({ ...base, sessionSeconds: -1 })).toThrow(/`sessionSeconds`/);
  });
});
