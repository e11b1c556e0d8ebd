import { type AlmaEmulator, startAlmaEmulator } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { alma } from '../providers/alma.js';
import { printedForms, refusalOf } from '../test-support/refusal-of.js';
import { createPatronAuth } from './create-patron-auth.js';

const RITA = { barcode: '39000000000001', pin: 'rita-Pass-1' };

describe('alma(): a static API key and patrons by op=auth with Exl-User-Pw', () => {
  let emulator: AlmaEmulator;
  const descriptor = () => alma({ apiUrl: emulator.apiUrl, apiKey: emulator.credentials.apiKey });
  beforeAll(async () => {
    emulator = await startAlmaEmulator();
  });
  afterAll(() => emulator.close());

  it('client.fetch(path) resolves against the API base and sends Authorization: apikey', async () => {
    const client = createClient(descriptor());
    const response = await client.fetch('users/rita.reader');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { primary_id: string }).primary_id).toBe('rita.reader');
    const [entry] = emulator.controls.requests().slice(-1);
    expect(entry?.endpoint).toBe('alma.users.get');
  });

  it('signs a valid patron in by barcode and password: patronId is primary_id, profile in the shared shape', async () => {
    const session = await createPatronAuth(descriptor()).login(RITA);
    expect(session.patronId).toBe('rita.reader');
    expect(session.profile).toEqual({
      provider: 'alma',
      id: 'rita.reader',
      barcode: '39000000000001',
      name: 'Reader, Rita',
      email: 'rita.reader@library.example',
      expiresAt: '2031-08-31',
      patronType: 'PATRON',
      fines: { amount: 0, currency: 'USD' },
      raw: expect.objectContaining({ primary_id: 'rita.reader' }),
    });
    expect(emulator.controls.passwordsInUrl()).toBe(0);
  });

  it('maps blocked, expired and fined patrons', async () => {
    const auth = createPatronAuth(descriptor());
    const bert = await auth.login({ barcode: '39000000000002', pin: 'bert-Pass-2' });
    expect(bert.profile.blocks).toEqual([{ reason: 'restricted', description: 'Lost library card' }]);
    const edgar = await auth.login({ barcode: '39000000000003', pin: 'edgar-Pass-3' });
    expect(edgar.profile.expiresAt).toBe('2021-06-30');
    const fiona = await auth.login({ barcode: '39000000000004', pin: 'fiona-Pass-4' });
    expect(fiona.profile.fines).toEqual({ amount: 42.5, currency: 'USD' });
    expect(emulator.controls.passwordsInUrl()).toBe(0);
  });

  it('a wrong password (401866) and an unknown card (401861) are invalid_credentials, with nothing secret printed', async () => {
    const auth = createPatronAuth(descriptor());
    const wrong = await refusalOf(auth.login({ barcode: RITA.barcode, pin: 'not-her-Pass' }));
    expect(wrong.code).toBe('invalid_credentials');
    expect(wrong.providerError?.error).toBe('401866');
    const unknown = await refusalOf(auth.login({ barcode: '39000000009999', pin: 'whatever-1' }));
    expect(unknown.code).toBe('invalid_credentials');
    expect(unknown.providerError?.error).toBe('401861');
    for (const error of [wrong, unknown]) {
      const text = printedForms(error);
      for (const secret of [
        'not-her-Pass',
        'whatever-1',
        RITA.barcode,
        '39000000009999',
        emulator.credentials.apiKey,
      ])
        expect(text).not.toContain(secret);
    }
  });

  it('a password with a line break is refused before anything is sent (never a header of its own); a hostile barcode stays one path segment', async () => {
    const auth = createPatronAuth(descriptor());
    emulator.controls.clearRequests();
    const broken = await refusalOf(auth.login({ barcode: RITA.barcode, pin: 'rita-Pass-1\r\nX-Evil: 1' }));
    expect(['invalid_input', 'invalid_credentials']).toContain(broken.code);
    expect(printedForms(broken)).not.toContain('rita-Pass-1');
    expect(emulator.controls.requests()).toHaveLength(0);
    const hostile = await refusalOf(auth.login({ barcode: '../conf?op=auth&x=', pin: 'rita-Pass-1' }));
    expect(hostile.code).toBe('invalid_credentials');
    expect(emulator.controls.requests().map((entry) => entry.endpoint)).toEqual(['alma.users.auth']);
  });

  it('a key without the Users area is invalid_client, and the key is never printed', async () => {
    const key = 'l8xx0bibsonly0000000000000000000000';
    const auth = createPatronAuth(alma({ apiUrl: emulator.apiUrl, apiKey: key }));
    const error = await refusalOf(auth.login(RITA));
    expect(error.code).toBe('invalid_client');
    expect(printedForms(error)).not.toContain(key);
    const described = `${printedForms(auth.provider)} ${printedForms(createClient(auth.provider))}`;
    expect(described).not.toContain(key);
  });

  it('past the per-second threshold (429 PER_SECOND_THRESHOLD) callers get rate_limited, retryable, and then back off', async () => {
    emulator.controls.setPerSecondThreshold(1);
    try {
      const auth = createPatronAuth(descriptor());
      // Two calls (op=auth, then the record) in one second: the second is over the threshold.
      const error = await refusalOf(auth.login(RITA));
      expect(error.code).toBe('rate_limited');
      expect(error.retryable).toBe(true);
      const before = emulator.controls.requests().length;
      const waiting = await refusalOf(auth.login(RITA));
      expect(waiting.code).toBe('provider_unavailable');
      expect(waiting.retryAfter).toBeGreaterThan(0);
      expect(emulator.controls.requests().length).toBe(before);
    } finally {
      emulator.controls.setPerSecondThreshold(50);
    }
  });

  it('an outage is provider_unavailable and retryable', async () => {
    emulator.controls.inject({ endpoint: 'alma.users.auth', status: 503, times: 1 });
    const error = await refusalOf(createPatronAuth(descriptor()).login(RITA));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('options are checked at construction, naming the option', () => {
    expect(() => alma({ apiUrl: 'http://alma.example/almaws/v1', apiKey: 'k' })).toThrow(/`apiUrl`/);
    expect(() => alma({ apiUrl: emulator.apiUrl, apiKey: '' })).toThrow(/`apiKey`/);
    expect(() => alma({ apiUrl: emulator.apiUrl, apiKey: 'a b' })).toThrow(/`apiKey`/);
    expect(() => alma({ apiUrl: emulator.apiUrl, apiKey: 'k', region: 'eu' } as never)).toThrow(/`region`/);
  });
});
