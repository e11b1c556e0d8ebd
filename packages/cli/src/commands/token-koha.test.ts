import { type KohaEmulator, startKoha } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, stderrLines } from '../testing/run-cli.js';

let koha: KohaEmulator;

beforeAll(async () => {
  assertBuilt();
  koha = await startKoha();
});

afterAll(() => koha?.close());

const kohaArgs = (clientSecret = koha.credentials.clientSecret) => [
  '--base-url',
  koha.url,
  '--client-id',
  koha.credentials.clientId,
  '--client-secret',
  clientSecret,
];

describe('koha', () => {
  it('token koha prints an app token that Koha accepts', async () => {
    const result = await runCli(['token', 'koha', ...kohaArgs()]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const token = JSON.parse(result.stdout) as { access_token: string; token_type: string };
    expect(token.token_type).toBe('Bearer');
    const patron = await fetch(`${koha.apiUrl}/patrons/51`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(patron.status).toBe(200);
  });

  it('request koha patrons/51 reads the record under /api/v1', async () => {
    const result = await runCli(['request', 'koha', 'patrons/51', ...kohaArgs()]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ patron_id: 51, cardnumber: '23529000445172' });
  });

  it('a wrong secret is invalid_client (exit 3), without the secret', async () => {
    const result = await runCli(['token', 'koha', ...kohaArgs('not-the-real-secret')]);
    expect(result.code).toBe(3);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^ils-auth: invalid_client: /)]);
    expect(result.stderr).not.toContain('not-the-real-secret');
  });

  it('needs --base-url', async () => {
    const result = await runCli(['token', 'koha', '--client-id', 'a', '--client-secret', 'b']);
    expect([result.code, stderrLines(result)]).toEqual([2, ['ils-auth: usage: koha needs --base-url']]);
  });
});
