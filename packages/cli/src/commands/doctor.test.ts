import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type KohaEmulator,
  kohaClients,
  type OverDriveEmulator,
  type SierraEmulator,
  startKoha,
  startOverDrive,
  startSierra,
} from '@ils-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, type CliResult, runCli, sierraFlags } from '../testing/run-cli.js';
import { startSkewedDateProxy } from '../testing/skewed-date-proxy.js';

let sierra: SierraEmulator;
let overdrive: OverDriveEmulator;
let koha: KohaEmulator;

beforeAll(async () => {
  assertBuilt();
  [sierra, overdrive, koha] = await Promise.all([startSierra(), startOverDrive(), startKoha()]);
});
afterAll(async () => {
  await Promise.all([sierra?.close(), overdrive?.close(), koha?.close()]);
});
beforeEach(() => {
  sierra.controls.clearFaults();
});

/** `{ check: outcome }` from the verdict lines on stdout. */
function outcomes(result: CliResult): Record<string, string> {
  return Object.fromEntries(
    result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [outcome, check] = line.split(/\s+/);
        return [check, outcome];
      }),
  );
}
const verdict = (result: CliResult, check: string) =>
  result.stdout.split('\n').find((line) => line.split(/\s+/)[1] === check) ?? '';

describe('ils-auth doctor', () => {
  it('passes every check against a healthy Sierra and prints no secret', async () => {
    const result = await runCli([
      'doctor',
      'sierra',
      ...sierraFlags(sierra.url, sierra.credentials),
      '--require-scope',
      'Patrons_Validate',
    ]);
    expect(outcomes(result)).toEqual({
      token: 'ok',
      clock: 'ok',
      'token-info': 'ok',
      scopes: 'ok',
      'patron-api': 'ok',
      'patron-pin': 'ok',
    });
    expect(result.code).toBe(0);
    expect(verdict(result, 'scopes')).toContain('Patrons_Validate');
    expect(verdict(result, 'clock')).toMatch(/agrees with ours|[01] s (ahead of|behind) ours/);
    expect(verdict(result, 'patron-pin')).toContain('Sierra refused a made-up card as a wrong card or PIN');
    expect(result.stderr).toBe('doctor: 6 ok, 0 failed, 0 skipped\n');
    // The only verdicts that could hold a token say what the server said about it, in these words.
    expect(verdict(result, 'token')).toMatch(/^ok\s+token\s+Sierra gave a Bearer token valid \d+ s$/);
    expect(verdict(result, 'token-info')).toMatch(
      /^ok\s+token-info\s+the server knows the token: it expires in \d+ s$/,
    );
    expect(result.stdout + result.stderr).not.toContain(sierra.credentials.clientSecret);
  });

  it('fails the token check on a wrong secret (exit 3) and skips what needs a token', async () => {
    const result = await runCli(
      ['doctor', 'sierra', '--base-url', sierra.url, '--client-id', sierra.credentials.clientId],
      { ILS_AUTH_CLIENT_SECRET: 'not-the-secret' },
    );
    expect(result.code).toBe(3);
    expect(outcomes(result)).toEqual({
      token: 'fail',
      clock: 'ok', // measured on the refusal: it has a Date header too
      'token-info': 'skip',
      scopes: 'skip',
      'patron-api': 'skip',
      'patron-pin': 'skip',
    });
    expect(verdict(result, 'token')).toContain('invalid_client');
    expect(result.stdout).not.toContain('not-the-secret');
  });

  it('fails on a token endpoint answering 503 (exit 4)', async () => {
    sierra.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30 });
    const result = await runCli(['doctor', 'sierra', ...sierraFlags(sierra.url, sierra.credentials)]);
    expect(result.code).toBe(4);
    expect(verdict(result, 'token')).toMatch(/^fail\s+token\s+provider_unavailable/);
  });

  it('fails the patron API check when it answers 503, and the token info check on a 5xx', async () => {
    sierra.controls.inject({ endpoint: 'sierra.info.token', status: 500 });
    sierra.controls.inject({ endpoint: 'sierra.unknown', status: 503 });
    const result = await runCli(['doctor', 'sierra', ...sierraFlags(sierra.url, sierra.credentials)]);
    expect(result.code).toBe(4);
    expect(outcomes(result)).toMatchObject({ token: 'ok', 'token-info': 'fail', 'patron-api': 'fail' });
    expect(verdict(result, 'patron-api')).toContain('/iii/sierra-api/v6/ answered 503');
  });

  it('fails the clock check when the server clock is two minutes ahead, and passes with a wider --max-skew', async () => {
    const proxy = await startSkewedDateProxy(sierra.url, 120);
    try {
      const baseUrl = proxy.origin + new URL(sierra.url).pathname;
      const skewed = await runCli(['doctor', 'sierra', ...sierraFlags(baseUrl, sierra.credentials)]);
      expect(skewed.code).toBe(3);
      expect(outcomes(skewed)).toMatchObject({ token: 'ok', clock: 'fail', 'token-info': 'ok' });
      expect(verdict(skewed, 'clock')).toMatch(/is 12\d s ahead of ours, more than 30 s/);
      const tolerant = await runCli([
        'doctor',
        'sierra',
        ...sierraFlags(baseUrl, sierra.credentials),
        '--max-skew',
        '180',
      ]);
      expect(tolerant.code).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('fails the scopes check for a role the key lacks (exit 3)', async () => {
    const result = await runCli([
      'doctor',
      'sierra',
      ...sierraFlags(sierra.url, sierra.credentials),
      '--require-scope',
      'Patrons_Write',
    ]);
    expect(result.code).toBe(3);
    expect(verdict(result, 'scopes')).toMatch(
      /^fail\s+scopes\s+not granted: Patrons_Write \(granted: Bibs_Read/,
    );
  });

  it('skips token info where the system has none (OverDrive, Koha)', async () => {
    const od = await runCli([
      'doctor',
      'overdrive',
      '--oauth-url',
      overdrive.oauthUrl,
      '--api-url',
      overdrive.apiUrl,
      '--patron-api-url',
      overdrive.patronApiUrl,
      '--client-id',
      overdrive.credentials.clientId,
      '--client-secret',
      overdrive.credentials.clientSecret,
    ]);
    expect(outcomes(od)).toMatchObject({
      token: 'ok',
      clock: 'ok',
      'token-info': 'skip',
      'patron-api': 'ok',
      'patron-pin': 'skip',
    });
    expect(od.code).toBe(0);
    const k = await runCli([
      'doctor',
      'koha',
      '--base-url',
      koha.url,
      '--client-id',
      koha.credentials.clientId,
      '--client-secret',
      koha.credentials.clientSecret,
    ]);
    expect(outcomes(k)).toMatchObject({
      token: 'ok',
      'token-info': 'skip',
      'patron-api': 'ok',
      'patron-pin': 'ok',
    });
    expect(verdict(k, 'patron-api')).toContain('/api/v1/patrons answered 200: the key may read patrons');
    expect(k.code).toBe(0);
  });

  it('refuses RERO ILS, which has no application token (exit 2), and documents itself in --help', async () => {
    const rero = await runCli(['doctor', 'rero', '--client-id', 'x', '--client-secret', 'y']);
    expect(rero.code).toBe(2);
    expect(rero.stderr).toContain('ils-auth: usage: doctor makes calls with an application token');
    const help = await runCli(['doctor', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ils-auth doctor');
  });

  it('koha: a key whose staff user lacks the patron permissions fails both patron checks, naming them (exit 3)', async () => {
    const limited = kohaClients[1];
    if (!limited) throw new Error('seed changed');
    const result = await runCli([
      'doctor',
      'koha',
      '--base-url',
      koha.url,
      '--client-id',
      limited.clientId,
      '--client-secret',
      limited.clientSecret,
    ]);
    expect(outcomes(result)).toMatchObject({ token: 'ok', 'patron-api': 'fail', 'patron-pin': 'fail' });
    expect(verdict(result, 'patron-api')).toContain(
      '/api/v1/patrons answered 403: not permitted; the API user lacks the permission borrowers: list_borrowers',
    );
    expect(verdict(result, 'patron-pin')).toMatch(
      /^fail\s+patron-pin\s+config_invalid: .*missing permission: borrowers\)/,
    );
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain(limited.clientSecret);
  });

  it('koha 23.05: the PIN check fails saying to set the user id field, while the patron API passes', async () => {
    const old = await startKoha({ passwordValidation: '23.05' });
    try {
      const result = await runCli([
        'doctor',
        'koha',
        '--base-url',
        old.url,
        '--client-id',
        old.credentials.clientId,
        '--client-secret',
        old.credentials.clientSecret,
      ]);
      expect(outcomes(result)).toMatchObject({ 'patron-api': 'ok', 'patron-pin': 'fail' });
      expect(verdict(result, 'patron-pin')).toContain("patronLoginField: 'userid'");
    } finally {
      await old.close();
    }
  });

  it('overdrive: with only --oauth-url it refuses (exit 2) without reaching for any host the command line does not name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ils-auth-doctor-'));
    const connections = join(dir, 'connections.log');
    const guard = fileURLToPath(new URL('../testing/loopback-only.mjs', import.meta.url));
    const env = { NODE_OPTIONS: `--import=${guard}`, ILS_AUTH_TEST_CONNECTIONS: connections };
    const flags = [
      '--oauth-url',
      overdrive.oauthUrl,
      '--client-id',
      overdrive.credentials.clientId,
      '--client-secret',
      overdrive.credentials.clientSecret,
    ];
    const logged = () => {
      try {
        return readFileSync(connections, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };
    try {
      const refused = await runCli(['doctor', 'overdrive', ...flags], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--patron-api-url is missing');
      expect(refused.stderr).toContain('https://patron.api.overdrive.com');
      expect(logged()).toEqual([]);

      const named = await runCli(
        ['doctor', 'overdrive', ...flags, '--patron-api-url', overdrive.patronApiUrl],
        env,
      );
      expect(named.code).toBe(0);
      expect(logged().length).toBeGreaterThan(0);
      expect(logged().filter((host) => host !== '127.0.0.1')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
