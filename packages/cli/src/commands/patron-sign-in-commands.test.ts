import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KohaEmulator, type Sip2Emulator, startKoha, startSip2Emulator } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret } from '../testing/expect-no-secret.js';
import { assertBuilt, type CliResult, runCli, runCliWithStdin } from '../testing/run-cli.js';

// `ils-auth login` as a user runs it: the built binary against emulators on loopback, the PIN never in argv.
let tls: Sip2Emulator;
let koha: KohaEmulator;
let caFile: string;
let wrongCaFile: string;

beforeAll(async () => {
  assertBuilt();
  [tls, koha] = await Promise.all([startSip2Emulator({ tls: true }), startKoha()]);
  const dir = mkdtempSync(join(tmpdir(), 'ils-auth-login-'));
  caFile = join(dir, 'ca.pem');
  wrongCaFile = join(dir, 'other-ca.pem');
  writeFileSync(caFile, tls.ca ?? '');
  // A CA of our own (openssl, as core's TLS tests make theirs) that signed nothing the server holds.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=another test CA',
      '-keyout',
      join(dir, 'other-ca.key'),
      '-out',
      wrongCaFile,
    ]),
    { stdio: 'pipe' },
  );
});
afterAll(async () => {
  await Promise.all([tls?.close(), koha?.close()]);
});

const sip2Args = (server: Sip2Emulator, ca: string) => [
  'login',
  'sip2',
  '--host',
  server.host,
  '--port',
  String(server.port),
  '--ca-file',
  ca,
  '--institution',
  server.credentials.institution,
  '--login-user-id',
  server.credentials.loginUserId,
  '--location-code',
  server.credentials.locationCode,
];

describe('ils-auth login sip2', () => {
  const sipPassword = () => ({ ILS_AUTH_SIP2_PASSWORD: tls.credentials.loginPassword });

  it('signs a patron in over TLS (CA file) with the PIN on stdin and prints the normalised profile', async () => {
    const { valid } = tls.patrons;
    const args = [...sip2Args(tls, caFile), '--barcode', valid.barcode];
    const result = await runCliWithStdin(args, sipPassword(), `${valid.pin}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const profile = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(profile).toMatchObject({ provider: 'sip2', name: valid.name, barcode: valid.barcode });
    expect(profile).not.toHaveProperty('raw');
    expectNoSecret(result, valid.pin, tls.credentials.loginPassword);
  });

  it('takes the PIN from env ILS_AUTH_PIN', async () => {
    const { valid } = tls.patrons;
    const args = [...sip2Args(tls, caFile), '--barcode', valid.barcode];
    const result = await runCli(args, { ...sipPassword(), ILS_AUTH_PIN: valid.pin });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: valid.name });
  });

  it('a wrong PIN exits 3 with invalid_credentials; a lost card exits 3 with access_denied', async () => {
    const { valid, lost } = tls.patrons;
    const wrong = await runCli([...sip2Args(tls, caFile), '--barcode', valid.barcode], {
      ...sipPassword(),
      ILS_AUTH_PIN: '0000-wrong',
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^ils-auth: invalid_credentials: /);
    expect(wrong.stdout).toBe('');
    expectNoSecret(wrong, '0000-wrong', valid.barcode);
    const refused = await runCli([...sip2Args(tls, caFile), '--barcode', lost.barcode], {
      ...sipPassword(),
      ILS_AUTH_PIN: lost.pin,
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^ils-auth: access_denied: .*card_lost/);
    expectNoSecret(refused, lost.pin);
  });

  it('a refused SIP login exits 3 with invalid_client, naming no password', async () => {
    const { valid } = tls.patrons;
    const result = await runCli([...sip2Args(tls, caFile), '--barcode', valid.barcode], {
      ILS_AUTH_SIP2_PASSWORD: 'not-the-sip-password',
      ILS_AUTH_PIN: valid.pin,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^ils-auth: invalid_client: /);
    expectNoSecret(result, 'not-the-sip-password', valid.pin);
  });

  it('a server certificate from another CA is refused (exit 4), before any PIN is sent', async () => {
    const { valid } = tls.patrons;
    const before = tls.controls.stats().messages['63'] ?? 0;
    const result = await runCli([...sip2Args(tls, wrongCaFile), '--barcode', valid.barcode], {
      ...sipPassword(),
      ILS_AUTH_PIN: valid.pin,
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^ils-auth: provider_unavailable: /);
    expect(tls.controls.stats().messages['63'] ?? 0).toBe(before);
    expectNoSecret(result, valid.pin);
  });

  it('refuses a PIN on the command line, and a missing PIN, as usage errors', async () => {
    const { valid } = tls.patrons;
    const inArgv = await runCli([
      ...sip2Args(tls, caFile),
      '--barcode',
      valid.barcode,
      '--password',
      valid.pin,
    ]);
    expect(inArgv.code).toBe(2);
    expect(inArgv.stderr).toContain('never from --password');
    expectNoSecret(inArgv, valid.pin);
    const none = await runCliWithStdin(
      [...sip2Args(tls, caFile), '--barcode', valid.barcode],
      sipPassword(),
      '',
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ILS_AUTH_PIN');
  });
});

describe('ils-auth login koha', () => {
  it('signs a Koha patron in by password validation with the password on stdin', async () => {
    const args = [
      'login',
      'koha',
      '--base-url',
      koha.url,
      '--client-id',
      koha.credentials.clientId,
      '--barcode',
      '23529000445172',
    ];
    const env = { ILS_AUTH_CLIENT_SECRET: koha.credentials.clientSecret };
    const result = await runCliWithStdin(args, env, 'Analytical-1843\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'koha', barcode: '23529000445172' });
    expectNoSecret(result, 'Analytical-1843', koha.credentials.clientSecret);
    const wrong = await runCliWithStdin(args, env, 'not-the-password\n');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^ils-auth: invalid_credentials: /);
  });
});

describe('ils-auth doctor sip2', () => {
  const doctorArgs = (ca: string) => ['doctor', ...sip2Args(tls, ca).slice(1)];
  const lines = (result: CliResult) => result.stdout.trim().split('\n');

  it('passes every step with a test patron whose PIN comes on stdin', async () => {
    const { valid } = tls.patrons;
    const env = { ILS_AUTH_SIP2_PASSWORD: tls.credentials.loginPassword };
    const result = await runCliWithStdin(
      [...doctorArgs(caFile), '--barcode', valid.barcode],
      env,
      `${valid.pin}\n`,
    );
    expect(lines(result).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'ok connect',
      'ok tls',
      'ok login',
      'ok sc-status',
      'ok patron',
    ]);
    expect(result.stderr).toBe('doctor: 5 ok, 0 failed, 0 skipped\n');
    expect(result.code).toBe(0);
    expectNoSecret(result, valid.pin, tls.credentials.loginPassword);
  });

  it('a certificate from another CA fails tls (exit 4) and skips the steps after it', async () => {
    const env = { ILS_AUTH_SIP2_PASSWORD: tls.credentials.loginPassword };
    const result = await runCli(doctorArgs(wrongCaFile), env);
    expect(lines(result).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'ok connect',
      'fail tls',
      'skip login',
      'skip sc-status',
      'skip patron',
    ]);
    expect(result.code).toBe(4);
  });

  it('a refused SIP login fails login (exit 3); a wrong PIN fails patron (exit 3)', async () => {
    const refused = await runCli(doctorArgs(caFile), { ILS_AUTH_SIP2_PASSWORD: 'not-the-sip-password' });
    expect(lines(refused)[2]).toMatch(/^fail\s+login\s+/);
    expect(refused.code).toBe(3);
    expectNoSecret(refused, 'not-the-sip-password');
    const { valid } = tls.patrons;
    const env = { ILS_AUTH_SIP2_PASSWORD: tls.credentials.loginPassword, ILS_AUTH_PIN: '0000-wrong' };
    const wrong = await runCli([...doctorArgs(caFile), '--barcode', valid.barcode], env);
    expect(lines(wrong)[4]).toMatch(/^fail\s+patron\s+invalid_credentials: /);
    expect(wrong.code).toBe(3);
    expectNoSecret(wrong, '0000-wrong');
  });

  it('nothing listening fails connect (exit 4); a silent server fails login within the timeout (exit 4)', async () => {
    const closed = await startSip2Emulator();
    const port = String(closed.port);
    await closed.close();
    const down = await runCli(['doctor', 'sip2', '--host', '127.0.0.1', '--port', port]);
    expect(lines(down)[0]).toMatch(/^fail\s+connect\s+provider_unavailable/);
    expect(down.code).toBe(4);

    tls.controls.fault('stall', { times: 5 });
    try {
      const started = Date.now();
      const silent = await runCli([...doctorArgs(caFile), '--timeout', '1'], {
        ILS_AUTH_SIP2_PASSWORD: tls.credentials.loginPassword,
      });
      expect(lines(silent)[2]).toMatch(/^fail\s+login\s+provider_unavailable/);
      expect(silent.code).toBe(4);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      tls.controls.fault(null);
    }
  });
});
