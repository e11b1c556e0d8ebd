import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, cleanEnv, runCli, stderrLines } from './testing/run-cli.js';

beforeAll(() => assertBuilt());

describe('ils-auth', () => {
  it('is built as an executable with a node shebang, runnable without "node" in front', async () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow();
    const { stdout } = await promisify(execFile)(BIN, ['--help'], { env: cleanEnv() });
    expect(stdout).toMatch(/^Usage: ils-auth <command>/);
  });

  it.each([['--help'], ['-h'], ['help']])(
    '%s prints the overview with the exit codes, exit 0',
    async (flag) => {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^Usage: ils-auth <command>/);
      for (const text of [
        'emulator',
        'token',
        'request',
        'info',
        'ILS_AUTH_CLIENT_SECRET',
        '4  provider unreachable',
      ]) {
        expect(result.stdout).toContain(text);
      }
    },
  );

  it('without a command prints the overview to stderr, exit 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: ils-auth <command>/);
  });

  it.each([
    ['emulator', 'Usage: ils-auth emulator'],
    ['token', 'Usage: ils-auth token'],
    ['request', 'Usage: ils-auth request'],
    ['info', 'Usage: ils-auth info sierra'],
  ])('%s --help and -h print its usage, exit 0', async (command, heading) => {
    for (const flag of ['--help', '-h']) {
      const result = await runCli([command, flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(heading)).toBe(true);
      expect(result.stdout).toContain('Exit codes');
    }
  });

  it('token --help says RERO takes a code or a refresh token', async () => {
    const result = await runCli(['token', '--help']);
    expect(result.stdout).toContain('RERO ILS has no client credentials grant');
    expect(result.stdout).toContain('--refresh-token R');
  });

  it.each([['--version'], ['-v']])('%s prints the version of the package, exit 0', async (flag) => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const result = await runCli([flag]);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, `${version}\n`, '']);
  });

  it("says a configuration error with the flags the user typed, not core's option names", async () => {
    const credentials = ['--client-id', 'app', '--client-secret', 'app-secret-1'];
    const sierra = await runCli([
      'token',
      'sierra',
      '--base-url',
      'http://example.org/iii/sierra-api',
      ...credentials,
    ]);
    expect([sierra.code, ...stderrLines(sierra)]).toEqual([
      2,
      'ils-auth: config_invalid: sierra: option `--base-url` uses http:// to a non-loopback host; use https:// or pass --allow-insecure-http',
    ]);
    const overdrive = await runCli([
      'token',
      'overdrive',
      '--oauth-url',
      'http://example.org/oauth',
      ...credentials,
    ]);
    expect(overdrive.stderr).toContain('option `--oauth-url` uses http://');
    expect(overdrive.stderr).not.toMatch(/allowInsecureHttp|oauthUrl/);
  });

  it('refuses an unknown command with one usage line, exit 2', async () => {
    const result = await runCli(['tokens']);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([
      'ils-auth: usage: unknown command; expected emulator, token, request, info, doctor or login (see ils-auth --help)',
    ]);
  });

  it('refuses an unknown flag with one usage line, exit 2', async () => {
    const result = await runCli(['token', 'sierra', '--client-secert', 'hunter22']);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([
      'ils-auth: usage: unknown option --client-secert (see ils-auth token --help)',
    ]);
    expect(result.stderr).not.toContain('hunter22');
  });

  it('refuses an unknown provider and a stray argument without echoing them', async () => {
    const provider = await runCli(['token', 'koha-secret-42']);
    expect(provider.code).toBe(2);
    expect(provider.stderr).toMatch(/^ils-auth: usage: unknown provider; expected one of sierra, overdrive/);
    expect(provider.stderr).not.toContain('koha-secret-42');
    const stray = await runCli(['token', 'overdrive-patron', '--pinless', 'PIN-9876']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).not.toContain('PIN-9876');
  });

  it('names an option that does not apply to the chosen provider (exit 2)', async () => {
    const result = await runCli([
      'token',
      'sierra',
      '--token-url',
      'http://127.0.0.1:1/t',
      '--client-id',
      'a',
    ]);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual(['ils-auth: usage: --token-url applies to oauth2, not sierra']);
    const pinless = await runCli(['token', 'overdrive', '--pinless', '--client-id', 'a']);
    expect(stderrLines(pinless)).toEqual([
      'ils-auth: usage: --pinless applies to overdrive-patron, not overdrive',
    ]);
  });

  it('never prints a stack trace, even for a value core rejects', async () => {
    const result = await runCli([
      'token',
      'sierra',
      '--base-url',
      'ftp://example.org/x',
      '--client-id',
      'a',
      '--client-secret',
      'secret-value-1',
    ]);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^ils-auth: config_invalid: /);
    expect(result.stderr).not.toContain('secret-value-1');
  });
});
