import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { createPatronAuth, type PatronAuth } from '../patrons/create-patron-auth.js';
import { oauth2 } from '../providers/oauth2.js';
import { MemoryStore } from '../store/memory-store.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';

type Server = Awaited<ReturnType<typeof startScriptedServer>>;
type Signer = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] | Uint8Array;

let server: Server;
let issuer: string;
/** The keys the scripted server publishes, and how the next id_token is made. */
let published: JWK[];
let nextIdToken: () => Promise<string>;

const CLIENT_ID = 'portal';
const CLIENT_SECRET = 'portal-secret-value-that-is-long';
const REDIRECT = 'http://127.0.0.1:5999/cb';

async function newKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function idToken(
  key: Signer,
  header: { alg: string; kid?: string },
  claims: Record<string, unknown>,
  nonce: string,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ nonce, ...claims })
    .setProtectedHeader(header)
    .setIssuer(String(claims.iss ?? issuer))
    .setSubject('patron-9')
    .setAudience((claims.aud as string | string[] | undefined) ?? CLIENT_ID)
    .setIssuedAt(Number(claims.iat ?? now))
    .setExpirationTime(Number(claims.exp ?? now + 300))
    .sign(key);
}

beforeAll(async () => {
  server = await startScriptedServer(async (req, res) => {
    if (req.url === '/.well-known/openid-configuration')
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (req.url === '/jwks') return json(res, 200, { keys: published });
    if (req.url === '/token')
      return json(res, 200, {
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 300,
        id_token: await nextIdToken(),
      });
    json(res, 404, {});
  });
  issuer = server.url;
});
afterAll(() => server.close());
beforeEach(() => {
  vi.useRealTimers();
});

async function signInWith(makeToken: (nonce: string) => Promise<string>, auth?: PatronAuth) {
  const patrons =
    auth ??
    createPatronAuth(
      oauth2({ id: 'oidc', issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid'] }),
      { store: new MemoryStore(), redirectUri: REDIRECT },
    );
  await patrons.ready();
  const { transaction } = patrons.authorizationUrl();
  nextIdToken = () => makeToken(transaction.nonce!);
  const callback = `${REDIRECT}?code=c&state=${transaction.state}&iss=${encodeURIComponent(issuer)}`;
  return patrons.handleCallback(callback, transaction).then(
    (session) => ({ session, error: undefined }),
    (error: unknown) => ({ session: undefined, error: isIlsAuthError(error) ? error : undefined }),
  );
}

describe('id_token validation (OpenID Connect Core §3.1.3.7)', () => {
  it('accepts a token signed by a published key, and refuses one for another audience, expired, from another issuer, or with a shared-secret algorithm', async () => {
    const key = await newKey('k1');
    published = [key.jwk];
    const signed =
      (claims: Record<string, unknown> = {}) =>
      (nonce: string) =>
        idToken(key.privateKey, { alg: 'RS256', kid: 'k1' }, claims, nonce);
    expect((await signInWith(signed())).session?.profile?.id).toBe('patron-9');
    expect((await signInWith(signed({ aud: 'someone-else' }))).error?.code).toBe('invalid_token');
    expect(
      (await signInWith(signed({ exp: Math.floor(Date.now() / 1000) - 3600 }))).error?.message,
    ).toContain('expired');
    expect((await signInWith(signed({ iss: 'https://impostor.example' }))).error?.code).toBe(
      'issuer_mismatch',
    );
    const multi = await signInWith(signed({ aud: [CLIENT_ID, 'other-app'] }));
    expect(multi.error?.message).toContain('azp');
    expect(
      (await signInWith(signed({ aud: [CLIENT_ID, 'other-app'], azp: CLIENT_ID }))).session,
    ).toBeDefined();
    const now = Math.floor(Date.now() / 1000);
    // Issued a day from now, and still valid after that: refused, but a clock a few seconds ahead is not.
    const tomorrow = await signInWith(signed({ iat: now + 86_400, exp: now + 86_400 + 300 }));
    expect(tomorrow.error?.message).toContain('issued in the future (iat)');
    expect((await signInWith(signed({ iat: now + 10 }))).session).toBeDefined();
    const hmac = await signInWith((nonce) =>
      idToken(new TextEncoder().encode(CLIENT_SECRET), { alg: 'HS256' }, {}, nonce),
    );
    expect(hmac.error?.code).toBe('invalid_token');
  });

  it('follows a key rotation: a token signed by a new key is checked after the key set is read again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = await newKey('rotation-1');
    published = [first.jwk];
    const auth = createPatronAuth(
      oauth2({ id: 'rot', issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid'] }),
      { store: new MemoryStore(), redirectUri: REDIRECT },
    );
    const withKey = (key: typeof first) => (nonce: string) =>
      idToken(key.privateKey, { alg: 'RS256', kid: key.jwk.kid }, {}, nonce);
    // The key set of this issuer was read by the test before: start past jose's 30-second cooldown.
    vi.setSystemTime(Date.now() + 31_000);
    expect((await signInWith(withKey(first), auth)).session).toBeDefined();
    const second = await newKey('rotation-2');
    published = [second.jwk];
    // jose reads the key set again for an unknown key, once its 30-second cooldown has passed.
    vi.setSystemTime(Date.now() + 31_000);
    expect((await signInWith(withKey(second), auth)).session).toBeDefined();
    const stranger = await newKey('never-published');
    expect((await signInWith(withKey(stranger), auth)).error?.message).toContain(
      'key the issuer does not publish',
    );
  });
});
