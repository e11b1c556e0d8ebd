import { type FolioEmulator, type FolioEmulatorOptions, startFolioEmulator } from '@ils-auth/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { type FolioOptions, folio } from '../providers/folio.js';
import { MemoryStore } from '../store/memory-store.js';
import { printedForms, refusalOf } from '../test-support/refusal-of.js';
import { createPatronAuth } from './create-patron-auth.js';

const STAFF_ID = '9f1a6d37-2e5c-4c49-8b1e-1d4f6a3c2b70';
const RITA_ID = 'a7b2c3d4-1111-4a5b-9c8d-000000000001';

let emulator: FolioEmulator;
const start = async (options: FolioEmulatorOptions = {}) => {
  emulator = await startFolioEmulator(options);
  return emulator;
};
afterEach(() => emulator?.close());

const descriptor = (options: Partial<FolioOptions> = {}) =>
  folio({ okapiUrl: emulator.url, ...emulator.credentials, ...options });
const staffLogins = () => emulator.controls.logins().staff ?? { ok: 0, failed: 0, locked: 0 };
const refreshes = () => emulator.controls.logins().refresh ?? { ok: 0, failed: 0, locked: 0 };
const reuses = () => {
  const reuse = emulator.controls.logins()['refresh-reuse'];
  return (reuse?.ok ?? 0) + (reuse?.failed ?? 0);
};
const usersOf = async (response: Response) => {
  expect(response.status).toBe(200);
  return ((await response.json()) as { totalRecords: number }).totalRecords;
};

describe('folio(): the application user’s session (login-with-expiry, rotating refresh tokens)', () => {
  it('logs in once, attaches X-Okapi-Tenant and X-Okapi-Token, and 50 parallel calls on a cold cache make one login', async () => {
    await start();
    const client = createClient(descriptor());
    const calls = Array.from({ length: 50 }, () => client.fetch('users?query=username=="rita"'));
    const counts = await Promise.all((await Promise.all(calls)).map(usersOf));
    expect(counts.every((count) => count === 1)).toBe(true);
    await usersOf(await client.fetch('/users?query=username=="bert"'));
    expect(staffLogins()).toEqual({ ok: 1, failed: 0, locked: 0 });
  });

  it('after a restart the refused token is replaced by exactly one login, for every caller', async () => {
    await start();
    const client = createClient(descriptor());
    await usersOf(await client.fetch('users'));
    emulator.controls.restart();
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.fetch('users')));
    for (const answer of answers) expect(answer.status).toBe(200);
    // The refresh token died in the restart too: the one refresh attempt fails and one login follows.
    expect(staffLogins().ok).toBe(2);
    expect(reuses()).toBe(0);
  });

  it('refreshes ahead of expiry, once across four clients sharing a store, and never presents a refresh token twice', async () => {
    await start();
    const store = new MemoryStore();
    let offsetMs = 0;
    const clock = () => Date.now() + offsetMs;
    const clients = Array.from({ length: 4 }, () => createClient(descriptor(), { store, clock }));
    await Promise.all(clients.map(async (client) => usersOf(await client.fetch('users'))));
    expect(staffLogins().ok).toBe(1);
    // 9.5 of the token's 10 minutes later (for both sides): inside the expiry skew, a refresh is due.
    offsetMs = 570_000;
    emulator.controls.advance(570);
    const answers = await Promise.all(
      clients.flatMap((client) => Array.from({ length: 25 }, () => client.fetch('users'))),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(refreshes().ok).toBe(1);
    expect(staffLogins().ok).toBe(1);
    expect(reuses()).toBe(0);
    expect(emulator.controls.liveRefreshTokens(STAFF_ID)).toBe(1);
  });

  it('a refused refresh logs in again and does not present the refresh token a second time', async () => {
    await start();
    let offsetMs = 0;
    const client = createClient(descriptor(), { clock: () => Date.now() + offsetMs });
    await usersOf(await client.fetch('users'));
    emulator.controls.inject({ endpoint: 'folio.refresh', status: 422, times: 1 });
    offsetMs = 590_000;
    emulator.controls.advance(590);
    await usersOf(await client.fetch('users'));
    expect(staffLogins().ok).toBe(2);
    offsetMs = 1_180_000;
    emulator.controls.advance(590);
    await usersOf(await client.fetch('users'));
    expect(refreshes().ok).toBe(1);
    expect(reuses()).toBe(0);
  });

  it('a refresh whose answer never came (FOLIO may have spent the token) is not presented again: the next attempt logs in', async () => {
    await start();
    let offsetMs = 0;
    const client = createClient(descriptor(), { clock: () => Date.now() + offsetMs, timeoutMs: 1_000 });
    await usersOf(await client.fetch('users'));
    // FOLIO answers after the client gave up: the refresh token is spent, and the client cannot know it.
    emulator.controls.setLatency(1_500);
    offsetMs = 590_000;
    emulator.controls.advance(590);
    expect((await refusalOf(client.fetch('users'))).code).toBe('timeout');
    emulator.controls.setLatency(0);
    // Past the backoff after one timeout (at most 1 s), and past FOLIO's late handling of that refresh.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await usersOf(await client.fetch('users'));
    expect(staffLogins().ok).toBe(2);
    expect(reuses()).toBe(0);
  });

  it('a refused staff login is invalid_client, marks health, and is not repeated (the account could lock)', async () => {
    await start();
    const client = createClient(descriptor({ password: 'not-the-Pa55word' }));
    const first = await refusalOf(client.fetch('users'));
    expect(first.code).toBe('invalid_client');
    const again = await refusalOf(client.fetch('users'));
    expect(again.code).toBe('invalid_client');
    expect(staffLogins()).toEqual({ ok: 0, failed: 1, locked: 0 });
    for (const error of [first, again]) expect(printedForms(error)).not.toContain('not-the-Pa55word');
  });

  it('an outage is provider_unavailable, retryable, and later callers fail fast without a login', async () => {
    await start();
    emulator.controls.inject({ endpoint: 'folio.login-with-expiry', status: 503, times: 1 });
    const client = createClient(descriptor());
    const error = await refusalOf(client.fetch('users'));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
    const fast = await refusalOf(client.fetch('users'));
    expect(fast.code).toBe('provider_unavailable');
    expect(emulator.controls.tokenRequests('folio.login-with-expiry')).toBe(1);
  });

  it('the legacy /authn/login works as an option, and a tenant without it is config_invalid', async () => {
    await start();
    const client = createClient(descriptor({ login: 'legacy' }));
    await usersOf(await client.fetch('users'));
    expect(emulator.controls.tokenRequests('folio.login')).toBe(1);
    await emulator.close();
    await start({ legacyLogin: false });
    const error = await refusalOf(createClient(descriptor({ login: 'legacy' })).fetch('users'));
    expect(error.code).toBe('config_invalid');
  });

  it('never prints the password or a token', async () => {
    await start();
    const d = descriptor();
    const client = createClient(d);
    const token = await client.getToken();
    for (const printed of [printedForms(d), printedForms(client), printedForms(await client.getTokenSet())]) {
      expect(printed).not.toContain(emulator.credentials.password);
      expect(printed).not.toContain(token);
    }
  });
});

describe('folio(): patrons by their own FOLIO login', () => {
  it('signs every patron state in or out, with the user UUID as patronId and the profile in the shared shape', async () => {
    await start();
    const auth = createPatronAuth(descriptor());
    const rita = await auth.login({ barcode: 'rita', pin: 'rita-pw-1' });
    expect(rita.patronId).toBe(RITA_ID);
    // Her own FOLIO session is not kept, and its refresh token does not stay alive.
    expect(emulator.controls.liveRefreshTokens(RITA_ID)).toBe(0);
    expect(rita.profile).toEqual({
      provider: 'folio',
      id: RITA_ID,
      barcode: '31000000000001',
      name: 'Reader, Rita',
      email: 'rita.reader@library.example',
      expiresAt: '2031-08-31',
      patronType: '3684a786-6671-4268-8ed0-9db82ebca60b',
      fines: { amount: 0 },
      raw: expect.objectContaining({ username: 'rita' }),
    });
    const bert = await auth.login({ barcode: 'bert', pin: 'bert-pw-2' });
    expect(bert.profile.blocks).toEqual([
      { reason: 'restricted', description: 'Library card reported stolen' },
    ]);
    const fiona = await auth.login({ barcode: 'fiona', pin: 'fiona-pw-4' });
    expect(fiona.profile.fines).toEqual({ amount: 42.5 });
    const erin = await auth.login({ barcode: 'erin', pin: 'erin-pw-5' });
    expect(erin.profile.expiresAt).toBe('2022-03-31');
    for (const [barcode, pin] of [
      ['rita', 'wrong-pw'],
      ['edgar', 'edgar-pw-3'],
      ['nobody', 'whatever-pw'],
    ] as const) {
      const error = await refusalOf(auth.login({ barcode, pin }));
      expect(error.code).toBe('invalid_credentials');
      expect(printedForms(error)).not.toContain(pin);
    }
    expect(staffLogins().ok).toBe(1);
  });

  it('signs a patron in by barcode when told to, and a hostile barcode matches no one', async () => {
    await start();
    const auth = createPatronAuth(descriptor({ patronLoginField: 'barcode' }));
    const rita = await auth.login({ barcode: '31000000000001', pin: 'rita-pw-1' });
    expect(rita.patronId).toBe(RITA_ID);
    for (const hostile of ['*', '3100000000000?', '" or barcode=="31000000000001'])
      expect((await refusalOf(auth.login({ barcode: hostile, pin: 'rita-pw-1' }))).code).toBe(
        'invalid_credentials',
      );
  });

  it('under Eureka, wrong credentials (401) are invalid_credentials for patrons and invalid_client for the app', async () => {
    await start({ mode: 'eureka' });
    const auth = createPatronAuth(descriptor({ mode: 'eureka' }));
    expect((await auth.login({ barcode: 'rita', pin: 'rita-pw-1' })).patronId).toBe(RITA_ID);
    expect((await refusalOf(auth.login({ barcode: 'rita', pin: 'nope-pw' }))).code).toBe(
      'invalid_credentials',
    );
    const app = createClient(descriptor({ mode: 'eureka', password: 'wrong-app-pw' }));
    expect((await refusalOf(app.fetch('users'))).code).toBe('invalid_client');
  });

  it('options are checked at construction, naming the option', () => {
    const base = { okapiUrl: 'http://127.0.0.1:9', tenant: 'diku', username: 'u', password: 'p' };
    expect(() => folio({ ...base, okapiUrl: 'http://folio.example' })).toThrow(/`okapiUrl`/);
    expect(() => folio({ ...base, tenant: 'di ku' })).toThrow(/`tenant`/);
    expect(() => folio({ ...base, password: '' })).toThrow(/`password`/);
    expect(() => folio({ ...base, mode: 'kong' as never })).toThrow(/`mode`/);
    expect(() => folio({ ...base, login: 'plain' as never })).toThrow(/`login`/);
  });
});
