import { type ReroEmulator, signInOnRero, startRero } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { rero } from '../providers/rero.js';
import { MemoryStore } from '../store/memory-store.js';
import { createPatronAuth } from './create-patron-auth.js';

const REDIRECT = 'http://127.0.0.1:5999/auth/rero/callback';

describe('RERO ILS patrons (code flow, PKCE, rotating refresh tokens)', () => {
  let emulator: ReroEmulator;
  const makeAuth = (store = new MemoryStore()) =>
    createPatronAuth(rero({ baseUrl: emulator.url, ...emulator.credentials }), {
      store,
      redirectUri: REDIRECT,
    });
  beforeAll(async () => {
    emulator = await startRero();
  });
  afterAll(() => emulator.close());

  async function signIn(auth = makeAuth()) {
    const { url, transaction } = auth.authorizationUrl();
    const query = new URL(url).searchParams;
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('scope')).toBe('fullname birthdate institution expiration_date patron_type');
    const callback = await signInOnRero(url, 'jean.simon@example.ch', 'Valais-2024');
    return { auth, session: await auth.handleCallback(callback, transaction) };
  }

  it('signs in, reads /api/patrons/info into a profile, and keeps a refreshable session', async () => {
    const { session } = await signIn();
    expect(session.refreshable).toBe(true);
    expect(session.profile).toMatchObject({ provider: 'rero', id: '21', barcode: '2050124311' });
    expect(session.profile.name).toMatch(/Simon/);
    expect(session.profile.birthdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(session.profile.institutions?.length).toBeGreaterThan(0);
  });

  it('knows the patron from the token response alone (user.id) when no profile is read', async () => {
    const auth = makeAuth();
    const { url, transaction } = auth.authorizationUrl();
    const callback = await signInOnRero(url, 'jean.simon@example.ch', 'Valais-2024');
    const session = await auth.handleCallback(callback, transaction, { fetchProfile: false });
    expect(session.profile).toBeUndefined();
    expect(session.patronId).toBe('21');
  });

  it('hands the token set (with its refresh token) to integrations that need it', async () => {
    const { auth, session } = await signIn();
    const tokens = await auth.tokenSet(session.id);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.accessToken).toBe(await auth.accessToken(session.id));
    expect(JSON.stringify(tokens)).not.toContain(tokens.refreshToken!);
  });

  it('renews an expired access token with the refresh token; the old access token dies at rotation', async () => {
    const { auth, session } = await signIn();
    const before = await auth.accessToken(session.id);
    emulator.controls.advance(3601);
    const response = await auth.fetch(session.id, 'api/patrons/info');
    expect(response.status).toBe(200);
    const after = await auth.accessToken(session.id);
    expect(after).not.toBe(before);
    const old = await fetch(emulator.patronInfoUrl, { headers: { authorization: `Bearer ${before}` } });
    expect(old.status).toBe(401);
  });

  it('reads the older patron_types shape too', async () => {
    emulator.setPatronInfoShape('legacy');
    try {
      const { session } = await signIn();
      expect(session.profile?.barcode).toBe('2050124311');
      expect(session.profile?.institutions?.[0]?.code).toBeTruthy();
    } finally {
      emulator.setPatronInfoShape('current');
    }
  });

  it('reports a declined consent as access_denied', async () => {
    const auth = makeAuth();
    const { url, transaction } = auth.authorizationUrl();
    const callback = await signInOnRero(url, 'jean.simon@example.ch', 'Valais-2024', 'no');
    const error = await auth.handleCallback(callback, transaction).catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('access_denied');
  });

  it('refuses a code older than 30 seconds, and a replayed callback before the code reaches RERO', async () => {
    const auth = makeAuth();
    const first = auth.authorizationUrl();
    const late = await signInOnRero(first.url, 'jean.simon@example.ch', 'Valais-2024');
    emulator.controls.advance(31);
    const expired = await auth.handleCallback(late, first.transaction).catch((e: unknown) => e);
    expect(isIlsAuthError(expired) && expired.code).toBe('invalid_grant');

    const second = auth.authorizationUrl();
    const callback = await signInOnRero(second.url, 'jean.simon@example.ch', 'Valais-2024');
    await auth.handleCallback(callback, second.transaction);
    const exchanges = () =>
      emulator.controls.requests().filter((entry) => entry.endpoint === 'rero.token').length;
    const before = exchanges();
    const replay = await auth.handleCallback(callback, second.transaction).catch((e: unknown) => e);
    expect(isIlsAuthError(replay) && replay.code).toBe('state_mismatch');
    expect(exchanges()).toBe(before);
  });

  it('tells the app to re-authenticate when the refresh token expired (30 days)', async () => {
    const { auth, session } = await signIn();
    emulator.controls.advance(31 * 24 * 3600);
    const error = await auth.refresh(session.id).catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_grant');
    expect((error as { reauthRequired?: boolean }).reauthRequired).toBe(true);
  });
});
