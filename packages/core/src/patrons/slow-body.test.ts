import type { ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { oauth2 } from '../providers/oauth2.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { json, type SeenRequest, startScriptedServer } from '../test-support/scripted-server.js';
import { createPatronAuth, type PatronAuthOptions } from './create-patron-auth.js';

/**
 * A provider whose one chosen endpoint answers at once with its headers, then trickles its body a byte a
 * second for ever: undici's body timeout only bounds the pause between chunks, so without a deadline of
 * ours such a body is read without end. Each kind of endpoint a sign-in reads is made slow in turn.
 */
type Server = Awaited<ReturnType<typeof startScriptedServer>>;

const CLIENT_ID = 'portal';
const CLIENT_SECRET = 'portal-secret-value-that-is-long';
const REDIRECT = 'http://127.0.0.1:5999/cb';
const SIGN_INS = 20;

let server: Server;
let slowPath = '';
let keys: { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK };
const nonces = new Map<string, string>();
const open = new Set<ServerResponse>();

function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  open.add(res);
  const drip = setInterval(() => res.write(' '), 1000);
  res.on('close', () => {
    clearInterval(drip);
    open.delete(res);
  });
}

async function answer(req: SeenRequest, res: ServerResponse): Promise<void> {
  const path = req.url.split('?')[0] ?? '';
  if (path === slowPath) return trickle(res);
  const issuer = server.url;
  if (path === '/.well-known/openid-configuration')
    return json(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  if (path === '/jwks') return json(res, 200, { keys: [keys.jwk] });
  if (path === '/token') {
    const code = new URLSearchParams(req.body).get('code') ?? '';
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ nonce: nonces.get(code) })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setSubject('patron-9')
      .setAudience(CLIENT_ID)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(keys.privateKey);
    return json(res, 200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken });
  }
  if (path === '/userinfo') return json(res, 200, { sub: 'patron-9', name: 'Ada' });
  // Sierra's PIN sign-in: app token, PIN check, lookup by barcode, the record.
  if (path === '/v6/token')
    return json(res, 200, { access_token: 'app', token_type: 'bearer', expires_in: 3600 });
  if (path === '/v6/patrons/validate') {
    res.writeHead(204);
    return void res.end();
  }
  if (path === '/v6/patrons/find') return json(res, 200, { id: 1000001 });
  if (path === '/v6/patrons/1000001') return json(res, 200, { id: 1000001, names: ['Reader, Ada'] });
  json(res, 404, {});
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  keys = {
    privateKey: pair.privateKey,
    jwk: { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' },
  };
  server = await startScriptedServer(answer);
});
afterAll(() => server.close());

type SignInKind = 'code flow' | 'PIN' | 'discovery';

/** One sign-in of the kind, from a fresh client (no metadata, keys or app token read yet). */
async function signIn(kind: SignInKind, options: PatronAuthOptions, openId: boolean): Promise<unknown> {
  if (kind === 'PIN') {
    const auth = createPatronAuth(
      sierra({
        baseUrl: server.url,
        clientId: 'key',
        clientSecret: 'sierra-secret',
        allowInsecureHttp: true,
      }),
      { ...options, store: new MemoryStore() },
    );
    return auth.login({ barcode: '21913000000001', pin: '1234' });
  }
  const auth = createPatronAuth(
    oauth2({
      id: 'oidc',
      issuer: server.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: openId ? ['openid'] : ['profile'],
      allowInsecureHttp: true,
    }),
    { ...options, store: new MemoryStore(), redirectUri: REDIRECT },
  );
  await auth.ready();
  if (kind === 'discovery') return undefined;
  const { transaction } = auth.authorizationUrl();
  const code = `code-${Math.random()}`;
  nonces.set(code, transaction.nonce ?? '');
  const callback = `${REDIRECT}?code=${code}&state=${transaction.state}&iss=${encodeURIComponent(server.url)}`;
  return auth.handleCallback(callback, transaction);
}

interface Outcome {
  hung: number;
  codes: string[];
  slowestMs: number;
}

/** Starts SIGN_INS sign-ins at once; one still pending after `waitMs` counts as hung. */
async function measure(kind: SignInKind, options: PatronAuthOptions, openId: boolean, waitMs: number) {
  const started = Date.now();
  const hung = Symbol('hung');
  const runs = Array.from({ length: SIGN_INS }, () =>
    signIn(kind, options, openId).then(
      () => 'signed in',
      (error: unknown) => (isIlsAuthError(error) ? error.code : String(error)),
    ),
  );
  let slowestMs = 0;
  const settled = await Promise.all(
    runs.map((run) =>
      Promise.race([
        run.then((code) => {
          slowestMs = Math.max(slowestMs, Date.now() - started);
          return code;
        }),
        new Promise<typeof hung>((resolve) => setTimeout(() => resolve(hung), waitMs).unref()),
      ]),
    ),
  );
  for (const res of open) res.destroy();
  const codes = settled.filter((s): s is string => s !== hung);
  return { hung: settled.length - codes.length, codes: [...new Set(codes)], slowestMs } satisfies Outcome;
}

/** The figure this test exists for, printed so a run records it: how many sign-ins were still waiting. */
function report(what: string, outcome: Outcome): void {
  process.stdout.write(
    `${what}: ${outcome.hung} of ${SIGN_INS} sign-ins hung after 4 s; answers ${outcome.codes.join(', ') || 'none'}\n`,
  );
}

const cases: { endpoint: string; kind: SignInKind; openId: boolean }[] = [
  { endpoint: '/.well-known/openid-configuration', kind: 'discovery', openId: false },
  { endpoint: '/token', kind: 'code flow', openId: false },
  { endpoint: '/userinfo', kind: 'code flow', openId: false },
  { endpoint: '/jwks', kind: 'code flow', openId: true },
  { endpoint: '/v6/token', kind: 'PIN', openId: false },
  { endpoint: '/v6/patrons/validate', kind: 'PIN', openId: false },
  { endpoint: '/v6/patrons/1000001', kind: 'PIN', openId: false },
];

describe('a body that trickles a byte a second', () => {
  // Each request may take 5 s (undici's headers timeout, as with the defaults), but the sign-in as a whole
  // only 1.5 s: the budget is shared.
  const budget = { signInTimeoutMs: 1_500, timeoutMs: 5_000, requestTimeoutMs: 5_000 };
  it.each(cases.filter((c) => c.kind !== 'discovery'))(
    'ends a $kind sign-in reading $endpoint within signInTimeoutMs, with a typed timeout',
    async ({ endpoint, kind, openId }) => {
      slowPath = endpoint;
      const outcome = await measure(kind, budget, openId, 4_000);
      report(`slow ${endpoint} (${kind}, shared budget)`, outcome);
      expect(outcome).toMatchObject({ hung: 0, codes: ['timeout'] });
      // Well under the 5 s each request may take alone: the shared budget ended it (slack for a busy CI machine).
      expect(outcome.slowestMs).toBeLessThan(1_500 + 2_000);
    },
  );

  // A generous sign-in budget: each request's own deadline ends it, the body included.
  const perRequest = { signInTimeoutMs: 60_000, timeoutMs: 1_000, requestTimeoutMs: 1_000 };
  it.each(cases)(
    'ends the request to $endpoint ($kind) within its own timeout, the body included',
    async ({ endpoint, kind, openId }) => {
      slowPath = endpoint;
      const outcome = await measure(kind, perRequest, openId, 4_000);
      report(`slow ${endpoint} (${kind}, per request)`, outcome);
      expect(outcome).toMatchObject({ hung: 0, codes: ['timeout'] });
      // Far from the 60 s budget: the per-request deadline ended it (slack for a busy CI machine).
      expect(outcome.slowestMs).toBeLessThan(1_000 + 2_000);
    },
  );
});
