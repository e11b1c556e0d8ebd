import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type CliResult, collect, runCli, sierraFlags, startCli } from '../testing/run-cli.js';

/**
 * Every CLI flow that needs no browser, against the servers that `ils-auth emulator` itself starts, as a
 * user would run them in two terminals; its controls are reached through the admin endpoints.
 */
type Line = Record<string, string | number> & { system: string; url: string };

let emulator: ChildProcess;
let exited: Promise<CliResult>;
const systems: Record<string, Line> = {};

beforeAll(async () => {
  assertBuilt();
  emulator = startCli(['emulator']);
  exited = collect(emulator);
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    emulator.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n').slice(0, -1);
      if (lines.length < 3) return;
      for (const line of lines) {
        const parsed = JSON.parse(line) as Line;
        systems[parsed.system] = parsed;
      }
      resolve();
    });
    emulator.once('close', (code) => reject(new Error(`ils-auth emulator exited early with ${code}`)));
  });
});

afterAll(async () => {
  emulator.kill('SIGTERM');
  const result = await exited;
  expect(result.code).toBe(0);
});

const line = (system: string): Line => {
  const found = systems[system];
  if (!found) throw new Error(`ils-auth emulator printed no ${system} line`);
  return found;
};
const sierraArgs = () =>
  sierraFlags(line('sierra').url, {
    clientId: String(line('sierra').clientId),
    clientSecret: String(line('sierra').clientSecret),
  });
const tokenOf = (result: CliResult) =>
  JSON.parse(result.stdout) as {
    access_token: string;
    token_type: string;
    expires_in: number;
    refresh_token?: string;
  };
const tokenRequests = async (origin: string): Promise<number> =>
  ((await (await fetch(new URL('/__emulator/requests', origin))).json()) as { tokenRequests: number })
    .tokenRequests;
const restart = async (origin: string) =>
  expect((await fetch(new URL('/__emulator/restart', origin), { method: 'POST' })).ok).toBe(true);

describe('the CLI against `ils-auth emulator`', () => {
  it('token sierra, info sierra and request sierra', async () => {
    const token = await runCli(['token', 'sierra', ...sierraArgs()]);
    expect(token.code).toBe(0);
    expect(tokenOf(token).access_token).toBeTruthy();
    const info = await runCli(['info', 'sierra', ...sierraArgs()]);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ grantType: 'client_credentials' });
    const request = await runCli(['request', 'sierra', 'bibs/1000004', ...sierraArgs()]);
    expect(request.code).toBe(0);
    expect(request.stderr).toContain('HTTP 200');
  });

  it('request sierra after a restart through the admin endpoint: a new call succeeds with one new token', async () => {
    const origin = new URL(line('sierra').url).origin;
    await runCli(['request', 'sierra', 'bibs/1000004', ...sierraArgs()]);
    await restart(origin);
    const before = await tokenRequests(origin);
    const request = await runCli(['request', 'sierra', 'bibs/1000005', ...sierraArgs()]);
    expect(request.code).toBe(0);
    expect((await tokenRequests(origin)) - before).toBe(1);
  });

  it('token overdrive and overdrive-patron (PIN and PIN-less)', async () => {
    const od = line('overdrive');
    const common = [
      '--oauth-url',
      String(od.oauthUrl),
      '--patron-oauth-url',
      String(od.patronOauthUrl),
      '--client-id',
      String(od.clientId),
      '--client-secret',
      String(od.clientSecret),
    ];
    expect((await runCli(['token', 'overdrive', ...common])).code).toBe(0);
    const patron = await runCli([
      'token',
      'overdrive-patron',
      ...common,
      '--username',
      '23025000000001',
      '--password',
      '2468',
      '--website-id',
      String(od.websiteId),
      '--authorization-name',
      String(od.authorizationName),
    ]);
    expect(patron.code).toBe(0);
    expect(tokenOf(patron).token_type.toLowerCase()).toBe('bearer');
    const pinless = await runCli([
      'token',
      'overdrive-patron',
      ...common,
      '--username',
      '23025000000002',
      '--pinless',
      '--website-id',
      String(od.pinlessWebsiteId),
      '--authorization-name',
      String(od.authorizationName),
    ]);
    expect(pinless.code).toBe(0);
    const wrong = await runCli([
      'token',
      'overdrive-patron',
      ...common,
      '--username',
      '23025000000001',
      '--password',
      '9999',
      '--website-id',
      String(od.websiteId),
      '--authorization-name',
      String(od.authorizationName),
    ]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).not.toContain('9999');
  });

  it('token oauth2 with basic-raw against Sierra’s token endpoint', async () => {
    const sierra = line('sierra');
    const result = await runCli([
      'token',
      'oauth2',
      '--token-url',
      String(sierra.tokenUrl),
      '--auth-method',
      'basic-raw',
      '--client-id',
      String(sierra.clientId),
      '--client-secret',
      String(sierra.clientSecret),
    ]);
    expect(result.code).toBe(0);
  });

  it('token rero: a code from the sign-in and consent pages, then a refresh', async () => {
    const rero = line('rero');
    const redirectUri = 'http://127.0.0.1:8457/rero/callback';
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const signin = await fetch(new URL('/signin', rero.url), {
      method: 'POST',
      body: new URLSearchParams({ email: 'jean.simon@example.ch', password: 'Valais-2024', next: '/' }),
      redirect: 'manual',
    });
    const cookie = (signin.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const query = new URLSearchParams({
      client_id: String(rero.clientId),
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'fullname',
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const page = await (await fetch(`${rero.authorizeUrl}?${query}`, { headers: { cookie } })).text();
    const fields = new URLSearchParams();
    for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(name ?? '', (value ?? '').replaceAll('&amp;', '&'));
    fields.set('confirm', 'yes');
    const consent = await fetch(String(rero.authorizeUrl), {
      method: 'POST',
      headers: { cookie },
      body: fields,
      redirect: 'manual',
    });
    const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const credentials = [
      '--base-url',
      rero.url,
      '--client-id',
      String(rero.clientId),
      '--client-secret',
      String(rero.clientSecret),
    ];
    const exchanged = await runCli([
      'token',
      'rero',
      ...credentials,
      // A code may start with '-' too: the = form keeps it a value.
      `--code=${code}`,
      '--redirect-uri',
      redirectUri,
      // A verifier may start with '-': the = form keeps it a value.
      `--code-verifier=${verifier}`,
    ]);
    expect(exchanged.code).toBe(0);
    const refreshToken = tokenOf(exchanged).refresh_token;
    expect(refreshToken).toBeTruthy();
    const refreshed = await runCli(['token', 'rero', ...credentials, `--refresh-token=${refreshToken!}`]);
    expect(refreshed.code).toBe(0);
    expect(tokenOf(refreshed).refresh_token).not.toBe(refreshToken);
  });
});
