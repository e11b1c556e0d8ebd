import {
  type OverDriveEmulator,
  type SierraEmulator,
  signInOnSierraPage,
  startOverDrive,
  startSierra,
} from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type CliResult, runCli, sierraFlags, stderrLines } from '../testing/run-cli.js';

let sierra: SierraEmulator;
let overdrive: OverDriveEmulator;

beforeAll(async () => {
  assertBuilt();
  [sierra, overdrive] = await Promise.all([startSierra(), startOverDrive()]);
});

afterAll(async () => {
  await Promise.all([sierra?.close(), overdrive?.close()]);
});

function tokenJson(result: CliResult): Record<string, unknown> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

/** A refusal: exit 3, exactly one `ils-auth: <code>: …` line, and none of the given secrets anywhere. */
function expectRefused(result: CliResult, code: string, secrets: readonly string[]): void {
  expect(result.code).toBe(3);
  expect(result.stdout).toBe('');
  const lines = stderrLines(result);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^ils-auth: ${code}: \\S`));
  for (const secret of secrets) expect(result.stderr).not.toContain(secret);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const sierraArgs = () => sierraFlags(sierra.url, sierra.credentials);

describe('token sierra', () => {
  it('prints the client-credentials token, which Sierra then accepts', async () => {
    const json = tokenJson(await runCli(['token', 'sierra', ...sierraArgs()]));
    expect(json).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(json.expires_in).toBeGreaterThan(3500);
    expect(json.refresh_token).toBeUndefined();
    const info = await fetch(`${sierra.url}/v6/info/token`, {
      headers: { authorization: `Bearer ${String(json.access_token)}` },
    });
    expect(info.status).toBe(200);
  });

  it("--code: exchanges a code from Sierra's patron login page for that patron's token", async () => {
    const redirectUri = 'http://127.0.0.1:8458/sierra/callback';
    const query = new URLSearchParams({
      client_id: sierra.credentials.clientId,
      redirect_uri: redirectUri,
      state: 'cli-test',
      response_type: 'code',
    });
    const callback = await signInOnSierraPage(`${sierra.authorizeUrl}?${query}`, '21913000000001', '1234');
    const code = new URL(callback).searchParams.get('code') ?? '';
    const json = tokenJson(
      await runCli(['token', 'sierra', ...sierraArgs(), '--code', code, '--redirect-uri', redirectUri]),
    );
    expect(json.refresh_token).toBeUndefined();
    const info = await fetch(`${sierra.url}/v6/info/token`, {
      headers: { authorization: `Bearer ${String(json.access_token)}` },
    });
    expect(await info.json()).toMatchObject({ patronId: '1000001', grantType: 'authorization_code' });
  });

  it('--refresh-token: Sierra has no refresh token grant (exit 2)', async () => {
    const result = await runCli(['token', 'sierra', ...sierraArgs(), '--refresh-token', 'r']);
    expect([result.code, result.stderr]).toEqual([
      2,
      'ils-auth: usage: --refresh-token: sierra has no refresh token grant\n',
    ]);
  });

  it('reads the key and secret from ILS_AUTH_CLIENT_ID / ILS_AUTH_CLIENT_SECRET', async () => {
    const json = tokenJson(
      await runCli(['token', 'sierra', '--base-url', sierra.url], {
        ILS_AUTH_CLIENT_ID: sierra.credentials.clientId,
        ILS_AUTH_CLIENT_SECRET: sierra.credentials.clientSecret,
      }),
    );
    expect(typeof json.access_token).toBe('string');
  });

  it('lets flags win over the environment', async () => {
    const result = await runCli(['token', 'sierra', ...sierraArgs()], {
      ILS_AUTH_CLIENT_ID: 'Elvis',
      ILS_AUTH_CLIENT_SECRET: 'wrong-secret',
    });
    expect(tokenJson(result).access_token).toEqual(expect.any(String));
  });

  it('refuses a wrong secret with exit 3 and does not print it', async () => {
    const result = await runCli(['token', 'sierra', '--base-url', sierra.url], {
      ILS_AUTH_CLIENT_ID: 'Elvis',
      ILS_AUTH_CLIENT_SECRET: 'Presley2-wrong',
    });
    expectRefused(result, 'invalid_client', ['Presley2-wrong']);
  });

  it('says which option is missing (exit 2)', async () => {
    const result = await runCli(['token', 'sierra', '--base-url', sierra.url, '--client-id', 'Elvis']);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([
      'ils-auth: usage: sierra needs --client-secret (or env ILS_AUTH_CLIENT_SECRET)',
    ]);
  });
});

describe('token overdrive', () => {
  const odArgs = () => [
    '--oauth-url',
    overdrive.oauthUrl,
    '--patron-oauth-url',
    overdrive.patronOauthUrl,
    '--client-id',
    overdrive.credentials.clientId,
    '--client-secret',
    overdrive.credentials.clientSecret,
  ];
  const site = (pinless: boolean) => [
    '--website-id',
    String(pinless ? overdrive.pinlessWebsiteId : overdrive.credentials.websiteId),
    '--authorization-name',
    overdrive.credentials.authorizationName,
  ];
  const withPin = () => overdrive.patrons.find((patron) => patron.pin && !patron.blockedReason);
  const withoutPin = () => overdrive.patrons.find((patron) => patron.pin === undefined);

  it('gets an application token by client credentials', async () => {
    const json = tokenJson(await runCli(['token', 'overdrive', ...odArgs()]));
    expect(json).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    expect(overdrive.controls.tokenRequests('overdrive.token')).toBeGreaterThan(0);
  });

  it('signs a patron in with card number and PIN (password grant)', async () => {
    const patron = withPin();
    if (!patron?.pin) throw new Error('seed has no patron with a PIN');
    const json = tokenJson(
      await runCli(
        ['token', 'overdrive-patron', ...odArgs(), ...site(false), '--username', patron.cardNumber],
        {
          ILS_AUTH_PASSWORD: patron.pin,
        },
      ),
    );
    expect(String(json.scope)).toContain(`websiteid:${overdrive.credentials.websiteId}`);
    const me = await fetch(`${overdrive.patronApiUrl}/v1/patrons/me`, {
      headers: { authorization: `Bearer ${String(json.access_token)}` },
    });
    expect(me.status).toBe(200);
  });

  it('signs a patron in without a PIN on a PIN-less website (--pinless)', async () => {
    const patron = withoutPin();
    if (!patron) throw new Error('seed has no PIN-less patron');
    const json = tokenJson(
      await runCli([
        'token',
        'overdrive-patron',
        ...odArgs(),
        ...site(true),
        '--username',
        patron.cardNumber,
        '--pinless',
      ]),
    );
    expect(String(json.scope)).toContain(`websiteid:${overdrive.pinlessWebsiteId}`);
  });

  it('refuses a wrong PIN with exit 3 and one line that holds neither PIN nor card number', async () => {
    const patron = withPin();
    if (!patron?.pin) throw new Error('seed has no patron with a PIN');
    const wrongPin = '97531';
    const result = await runCli([
      'token',
      'overdrive-patron',
      ...odArgs(),
      ...site(false),
      '--username',
      patron.cardNumber,
      '--password',
      wrongPin,
    ]);
    expect(result.code).toBe(3);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^ils-auth: invalid_credentials: OverDrive refused the card number or PIN/);
    for (const secret of [wrongPin, patron.pin, patron.cardNumber, overdrive.credentials.clientSecret]) {
      expect(result.stderr).not.toContain(secret);
    }
  });

  it('asks for a PIN when neither --password nor --pinless is given (exit 2)', async () => {
    const result = await runCli([
      'token',
      'overdrive-patron',
      ...odArgs(),
      ...site(false),
      '--username',
      '1',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ils-auth: usage: overdrive-patron needs --password/);
  });

  it('refuses --base-url for OverDrive, whose four hosts it cannot name (exit 2)', async () => {
    const result = await runCli(['token', 'overdrive', ...odArgs(), '--base-url', overdrive.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--oauth-url');
  });
});

describe('token oauth2', () => {
  const oauth2 = (tokenUrl: string, clientId: string, clientSecret: string, method: string) => [
    'token',
    'oauth2',
    '--token-url',
    tokenUrl,
    '--client-id',
    clientId,
    '--client-secret',
    clientSecret,
    '--auth-method',
    method,
  ];

  it('basic-raw: Sierra accepts its "+"-holding key sent raw', async () => {
    const { clientId, clientSecret } = sierra.credentials;
    expect(clientId).toContain('+');
    const json = tokenJson(await runCli(oauth2(sierra.tokenUrl, clientId, clientSecret, 'basic-raw')));
    expect(json.access_token).toEqual(expect.any(String));
  });

  it('basic: the RFC 6749 form-encoded key (+ as %2B) is refused by Sierra with exit 3', async () => {
    const { clientId, clientSecret } = sierra.credentials;
    const result = await runCli(oauth2(sierra.tokenUrl, clientId, clientSecret, 'basic'));
    expectRefused(result, 'invalid_client', [clientSecret]);
  });

  it('basic: a key without special characters works (OverDrive)', async () => {
    const { clientId, clientSecret } = overdrive.credentials;
    const json = tokenJson(await runCli(oauth2(overdrive.tokenUrl, clientId, clientSecret, 'basic')));
    expect(json.scope).toEqual(expect.any(String));
  });

  it('post: a server that wants a Basic header refuses credentials in the body (exit 3)', async () => {
    const { clientId, clientSecret } = overdrive.credentials;
    const result = await runCli(oauth2(overdrive.tokenUrl, clientId, clientSecret, 'post'));
    expectRefused(result, 'invalid_client', [clientSecret]);
  });

  it('rejects an unknown --auth-method (exit 2)', async () => {
    const result = await runCli(oauth2(sierra.tokenUrl, 'a', 'b', 'digest'));
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([
      'ils-auth: usage: --auth-method: expected one of basic, basic-raw, post, none',
    ]);
  });
});

describe('token rero without a code or refresh token', () => {
  it('explains that RERO has no client credentials grant (exit 2)', async () => {
    const result = await runCli([
      'token',
      'rero',
      '--base-url',
      'http://127.0.0.1:9',
      '--client-id',
      'x',
      '--client-secret',
      'y',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ils-auth: usage: rero has no client credentials grant/);
  });
});
