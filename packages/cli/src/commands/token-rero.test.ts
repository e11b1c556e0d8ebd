import { createHash, randomBytes } from 'node:crypto';
import { type ReroEmulator, startRero } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type CliResult, runCli, stderrLines } from '../testing/run-cli.js';

const REDIRECT = 'http://127.0.0.1:8456/rero/callback';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let rero: ReroEmulator;

beforeAll(async () => {
  assertBuilt();
  rero = await startRero();
});

afterAll(() => rero?.close());

/** What a patron's browser does: sign in, open the consent page, press Authorize. Returns the code. */
async function authorizationCode(codeChallenge: string): Promise<string> {
  const patron = rero.patrons[0];
  if (!patron) throw new Error('seed has no RERO patron');
  const signin = await fetch(new URL('/signin', rero.url), {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ email: patron.email, password: patron.password, next: '/' }),
    redirect: 'manual',
  });
  expect(signin.status).toBe(302);
  const cookie = (signin.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const query = new URLSearchParams({
    client_id: rero.credentials.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'fullname birthdate institution expiration_date patron_type',
    state: 'cli-test',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  const page = await (await fetch(`${rero.authorizeUrl}?${query}`, { headers: { cookie } })).text();
  // Post back every hidden field of the consent form, as the browser would.
  const fields = new URLSearchParams();
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.set(name ?? '', decodeHtml(value ?? ''));
  }
  expect(fields.get('client_id')).toBe(rero.credentials.clientId);
  fields.set('confirm', 'yes');
  const consent = await fetch(rero.authorizeUrl, {
    method: 'POST',
    headers: { ...FORM, cookie },
    body: fields,
    redirect: 'manual',
  });
  expect(consent.status).toBe(302);
  const location = new URL(consent.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('cli-test');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.origin}${location.pathname}`);
  return code;
}

function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const clientArgs = () => [
  '--client-id',
  rero.credentials.clientId,
  '--client-secret',
  rero.credentials.clientSecret,
];

function tokenJson(result: CliResult): Record<string, string | number> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string | number>;
}

const patronInfo = (accessToken: string | number | undefined) =>
  fetch(rero.patronInfoUrl, { headers: { authorization: `Bearer ${String(accessToken)}` } });

async function exchangeWithCli(): Promise<Record<string, string | number>> {
  const { verifier, challenge } = pkce();
  const code = await authorizationCode(challenge);
  return tokenJson(
    await runCli([
      'token',
      'rero',
      '--base-url',
      rero.url,
      ...clientArgs(),
      // A code may start with '-' too: the = form keeps it a value.
      `--code=${code}`,
      '--redirect-uri',
      REDIRECT,
      // A verifier may start with '-': the = form keeps it a value.
      `--code-verifier=${verifier}`,
    ]),
  );
}

describe('token rero', () => {
  it('--code: exchanges a code (with its PKCE verifier) for access and refresh tokens', async () => {
    const json = await exchangeWithCli();
    expect(json).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    expect(json.expires_in).toBeGreaterThan(3500);
    expect((await patronInfo(json.access_token)).status).toBe(200);
  });

  it('--refresh-token: rotates the refresh token; the old access token dies', async () => {
    const first = await exchangeWithCli();
    const second = tokenJson(
      await runCli([
        'token',
        'rero',
        '--base-url',
        rero.url,
        ...clientArgs(),
        // A refresh token may start with '-' too: the = form keeps it a value.
        `--refresh-token=${String(first.refresh_token)}`,
      ]),
    );
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await patronInfo(second.access_token)).status).toBe(200);
    expect((await patronInfo(first.access_token)).status).toBe(401);
  });

  it('refuses a used code with exit 3, without printing the code or the verifier', async () => {
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(challenge);
    const args = [
      'token',
      'rero',
      '--base-url',
      rero.url,
      ...clientArgs(),
      // A code may start with '-' too: the = form keeps it a value.
      `--code=${code}`,
      '--redirect-uri',
      REDIRECT,
      // A verifier may start with '-': the = form keeps it a value.
      `--code-verifier=${verifier}`,
    ];
    expect((await runCli(args)).code).toBe(0);
    const again = await runCli(args);
    expect(again.code).toBe(3);
    expect(stderrLines(again)).toHaveLength(1);
    expect(again.stderr).toMatch(/^ils-auth: invalid_grant: /);
    for (const secret of [code, verifier, rero.credentials.clientSecret])
      expect(again.stderr).not.toContain(secret);
  });

  it('--code needs --redirect-uri (exit 2)', async () => {
    const result = await runCli(['token', 'rero', '--base-url', rero.url, ...clientArgs(), '--code', 'abc']);
    expect([result.code, result.stderr]).toEqual([2, 'ils-auth: usage: --code needs --redirect-uri\n']);
  });
});

describe('token oauth2 --auth-method post (RERO token endpoint)', () => {
  it('refreshes with client credentials in the form body', async () => {
    const first = await exchangeWithCli();
    const json = tokenJson(
      await runCli([
        'token',
        'oauth2',
        '--token-url',
        rero.tokenUrl,
        ...clientArgs(),
        '--auth-method',
        'post',
        // A refresh token may start with '-' too: the = form keeps it a value.
        `--refresh-token=${String(first.refresh_token)}`,
      ]),
    );
    expect(json.refresh_token).toEqual(expect.any(String));
    expect((await patronInfo(json.access_token)).status).toBe(200);
  });

  it('--code needs --authorization-url for oauth2 (exit 2)', async () => {
    const result = await runCli([
      'token',
      'oauth2',
      '--token-url',
      rero.tokenUrl,
      ...clientArgs(),
      '--code',
      'abc',
      '--redirect-uri',
      REDIRECT,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ils-auth: usage: oauth2 --code needs --authorization-url/);
  });

  it('exchanges a code with --auth-method post', async () => {
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(challenge);
    const json = tokenJson(
      await runCli([
        'token',
        'oauth2',
        '--token-url',
        rero.tokenUrl,
        ...clientArgs(),
        '--authorization-url',
        rero.authorizeUrl,
        '--auth-method',
        'post',
        // A code may start with '-' too: the = form keeps it a value.
        `--code=${code}`,
        '--redirect-uri',
        REDIRECT,
        // A verifier may start with '-': the = form keeps it a value.
        `--code-verifier=${verifier}`,
      ]),
    );
    expect((await patronInfo(json.access_token)).status).toBe(200);
  });
});
