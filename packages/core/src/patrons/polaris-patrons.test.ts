import { createHmac } from 'node:crypto';
import { type PolarisEmulator, type PolarisEmulatorOptions, startPolarisEmulator } from '@ils-auth/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { healthReport } from '../observability/health.js';
import { type PolarisOptions, polaris } from '../providers/polaris.js';
import { printedForms, refusalOf } from '../test-support/refusal-of.js';
import { createPatronAuth } from './create-patron-auth.js';

let emulator: PolarisEmulator;
const start = async (options: PolarisEmulatorOptions = {}) => {
  emulator = await startPolarisEmulator(options);
  return emulator;
};
afterEach(() => emulator?.close());

const descriptor = (options: Partial<PolarisOptions> = {}) =>
  polaris({ baseUrl: emulator.baseUrl, ...emulator.credentials, ...options });
const staffLogins = () => emulator.controls.logins().staff ?? { ok: 0, failed: 0, locked: 0 };
const search = (barcode: string) => `search/patrons/boolean?q=PATB=${barcode}`;
const found = async (response: Response) => {
  expect(response.status).toBe(200);
  return ((await response.json()) as { TotalRecordsFound: number }).TotalRecordsFound;
};

/** A fetch that remembers each request's URL and headers as they left the client. */
const recordingFetch = () => {
  const sent: { url: string; headers: Headers }[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    sent.push({ url: String(input), headers: new Headers(init?.headers) });
    return fetch(input, init);
  };
  return { sent, fetchImpl };
};

describe('polaris(): signed requests with a staff session', () => {
  it('signs exactly the string the emulator recorded, byte for byte, and puts the staff token in the path', async () => {
    await start();
    const { sent, fetchImpl } = recordingFetch();
    const client = createClient(descriptor(), { fetch: fetchImpl });
    expect(await found(await client.fetch(search('21756000000001')))).toBe(1);
    const records = emulator.controls.signatures();
    expect(records).toHaveLength(2);
    expect(records.every((record) => record.valid)).toBe(true);
    for (const [index, record] of records.entries()) {
      const request = sent[index];
      expect(record.signed).toBe(`${record.method}${request?.url}${request?.headers.get('polarisdate')}`);
    }
    // The staff login is signed with no secret: the signature is recomputed here from the recorded string.
    const [login, call] = records;
    const expected = createHmac('sha1', emulator.credentials.accessKey)
      .update(login?.signed ?? '')
      .digest('base64');
    expect(sent[0]?.headers.get('authorization')).toBe(`PWS ${emulator.credentials.accessId}:${expected}`);
    expect(login?.secret).toBe('none');
    expect(call?.secret).toBe('staff-secret');
    expect(call?.url).toMatch(new RegExp(`^${emulator.protectedUrl}/[^/]+/search/patrons/boolean\\?q=PATB=`));
  });

  it('logs the staff user in once for 50 parallel calls on a cold cache, and reuses the session', async () => {
    await start();
    const client = createClient(descriptor());
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => client.fetch(search('21756000000002'))),
    );
    for (const answer of answers) expect(await found(answer)).toBe(1);
    await found(await client.fetch(search('21756000000001')));
    expect(staffLogins()).toEqual({ ok: 1, failed: 0, locked: 0 });
  });

  it('after a restart, one new staff login; ahead of the 24 h expiry, one new login', async () => {
    await start({ tokenTtlSeconds: 600 });
    let offsetMs = 0;
    const client = createClient(descriptor(), { clock: () => Date.now() + offsetMs });
    await found(await client.fetch(search('21756000000001')));
    emulator.controls.restart();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => client.fetch(search('21756000000001'))),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(staffLogins().ok).toBe(2);
    offsetMs = 590_000;
    await found(await client.fetch(search('21756000000001')));
    expect(staffLogins().ok).toBe(3);
  });

  it('a refused staff login is invalid_client and never retried: three failures never happen, the account never locks', async () => {
    await start();
    const auth = createPatronAuth(descriptor({ staffPassword: 'Wrong-Pa55word' }));
    const client = createClient(auth.provider);
    const errors = [];
    for (let attempt = 0; attempt < 5; attempt++)
      errors.push(await refusalOf(client.fetch(search('21756000000001'))));
    errors.push(await refusalOf(auth.login({ barcode: '21756000000001', pin: '1234' })));
    for (const error of errors) {
      expect(error.code).toBe('invalid_client');
      expect(printedForms(error)).not.toContain('Wrong-Pa55word');
    }
    expect(staffLogins()).toEqual({ ok: 0, failed: 1, locked: 0 });
  });

  it('a refused staff login marks the key unhealthy, and no log line or health entry holds a secret', async () => {
    await start();
    const lines: unknown[] = [];
    const logger = {
      warn: (message: string, context?: unknown) => lines.push({ message, context }),
      error: (message: string, context?: unknown) => lines.push({ message, context }),
    };
    const refused = createClient(descriptor({ staffPassword: 'Health-Pa55word' }), { logger });
    await refusalOf(refused.fetch(search('21756000000001')));
    const entry = healthReport().tokens.find((token) => token.provider === 'polaris' && token.refused);
    expect(entry).toMatchObject({ healthy: false, refused: { code: 'invalid_client' } });
    // An outage is logged (start, then end once the staff login works again): still nothing secret.
    emulator.controls.inject({ endpoint: 'polaris.authenticator.staff', status: 503, times: 1 });
    const client = createClient(descriptor(), { logger });
    await refusalOf(client.fetch(search('21756000000001')));
    const printed = `${printedForms(lines)} ${printedForms(healthReport())}`;
    for (const secret of [
      'Health-Pa55word',
      emulator.credentials.staffPassword,
      emulator.credentials.accessKey,
    ])
      expect(printed).not.toContain(secret);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('an outage is provider_unavailable, retryable', async () => {
    await start();
    emulator.controls.inject({ endpoint: 'polaris.authenticator.staff', status: 503, times: 1 });
    const error = await refusalOf(createClient(descriptor()).fetch(search('21756000000001')));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
  });
});

describe('polaris(): patrons by authenticator/patron', () => {
  it('signs every patron state in or out, PatronID as patronId, profile in the shared shape', async () => {
    await start();
    const auth = createPatronAuth(descriptor());
    const rita = await auth.login({ barcode: '21756000000001', pin: '1234' });
    expect(rita.patronId).toBe('1255101');
    expect(rita.profile).toMatchObject({
      provider: 'polaris',
      id: '1255101',
      barcode: '21756000000001',
      name: expect.any(String),
    });
    const blocked = await auth.login({ barcode: '21756000000002', pin: '2222' });
    expect(blocked.profile.blocks?.[0]?.reason).toBe('restricted');
    const expired = await auth.login({ barcode: '21756000000003', pin: '3333' });
    expect(expired.profile.expiresAt).toBe('2021-06-30');
    const fined = await auth.login({ barcode: '21756000000004', pin: '4444' });
    expect(fined.profile.fines).toEqual({ amount: 42.5 });
    for (const [barcode, pin] of [
      ['21756000000001', '9999'],
      ['21756000009999', '1234'],
    ] as const) {
      const error = await refusalOf(auth.login({ barcode, pin }));
      expect(error.code).toBe('invalid_credentials');
      expect(printedForms(error)).not.toContain(barcode);
    }
    expect(emulator.controls.signatures().every((record) => record.valid)).toBe(true);
    expect(staffLogins().ok).toBe(1);
  });

  it('options are checked at construction, naming the option', () => {
    const base = {
      baseUrl: 'http://127.0.0.1:9/PAPIService/REST',
      accessId: 'ID',
      accessKey: 'KEY',
      staffDomain: 'D',
      staffUsername: 'U',
      staffPassword: 'P',
    };
    expect(() => polaris({ ...base, accessId: 'a:b' })).toThrow(/`accessId`/);
    expect(() => polaris({ ...base, staffPassword: '' })).toThrow(/`staffPassword`/);
    expect(() => polaris({ ...base, orgId: 'x' })).toThrow(/`orgId`/);
    expect(() => polaris({ ...base, baseUrl: 'http://polaris.example' })).toThrow(/`baseUrl`/);
  });
});
