import { type SierraEmulator, signInOnSierraPage, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { createPatronAuth } from './create-patron-auth.js';

describe('Sierra patrons', () => {
  let emulator: SierraEmulator;
  const provider = () => sierra({ baseUrl: emulator.url, ...emulator.credentials });
  beforeAll(async () => {
    emulator = await startSierra();
  });
  afterAll(() => emulator.close());

  it('signs a patron in by barcode + PIN with the app token and reads their record', async () => {
    const auth = createPatronAuth(provider());
    const session = await auth.login(
      { barcode: '21913000000001', pin: '1234' },
      { clientIp: '198.51.100.4' },
    );
    expect(session.patronId).toBe('1000001');
    expect(session.profile).toMatchObject({ provider: 'sierra', id: '1000001', barcode: '21913000000001' });
    expect(session.profile.name).toBeTruthy();
    const validate = emulator.controls.requests().find((e) => e.endpoint === 'sierra.patrons.validate');
    expect(validate?.headers.forwardedFor).toBe('198.51.100.4');
    expect(await auth.getSession(session.id)).toMatchObject({ patronId: '1000001' });
  });

  it('refuses a wrong PIN as invalid_credentials', async () => {
    const error = await createPatronAuth(provider())
      .login({ barcode: '21913000000001', pin: '0000' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_credentials');
    expect((error as { status?: number }).status).toBe(401);
  });

  it('signs a patron in on Sierra’s own login page, even when the redirect URI already has a query', async () => {
    const auth = createPatronAuth(provider(), {
      redirectUri: 'http://127.0.0.1:5999/auth/sierra/callback?tenant=main',
    });
    const { url, transaction } = auth.authorizationUrl({ returnTo: '/account' });
    expect(new URL(url).searchParams.get('state')).toBe(transaction.state);
    expect(new URL(url).searchParams.has('code_challenge')).toBe(false);
    const callback = await signInOnSierraPage(url, '21913000000001', '1234');
    expect(callback.split('?').length).toBe(3); // Sierra's appended "?code=…"
    emulator.controls.clearRequests();
    const session = await auth.handleCallback(callback, transaction, { clientIp: '192.0.2.33' });
    expect(session.profile).toMatchObject({ id: '1000001', barcode: '21913000000001' });
    for (const endpoint of ['sierra.info.token', 'sierra.patrons.get']) {
      expect(emulator.controls.requests().find((e) => e.endpoint === endpoint)?.headers.forwardedFor).toBe(
        '192.0.2.33',
      );
    }
    expect(session.refreshable).toBe(false);
    const response = await auth.fetch(session.id, 'patrons/1000001?fields=names');
    expect(response.status).toBe(200);
  });

  it('refuses a callback whose state does not match, and one meant for another provider', async () => {
    const auth = createPatronAuth(provider(), { redirectUri: 'http://127.0.0.1:5999/cb' });
    const { url, transaction } = auth.authorizationUrl();
    const callback = await signInOnSierraPage(url, '21913000000001', '1234');
    const forged = callback.replace(/state=[^&]+/, 'state=forged');
    const error = await auth.handleCallback(forged, transaction).catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('state_mismatch');
    const missing = await auth
      .handleCallback(callback.replace(/&?state=[^&]+/, ''), transaction)
      .catch((e: unknown) => e);
    expect(isIlsAuthError(missing) && missing.code).toBe('state_mismatch');
    const mixUp = await auth
      .handleCallback(callback, { ...transaction, provider: 'rero' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(mixUp) && mixUp.code).toBe('state_mismatch');
  });

  it('ends a code-flow session whose token died in a restart: the patron must sign in again', async () => {
    const store = new MemoryStore();
    const auth = createPatronAuth(provider(), { store, redirectUri: 'http://127.0.0.1:5999/cb' });
    const { url, transaction } = auth.authorizationUrl();
    const session = await auth.handleCallback(
      await signInOnSierraPage(url, '21913000000001', '1234'),
      transaction,
    );
    emulator.controls.restart();
    const error = await auth.fetch(session.id, 'patrons/1000001').catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('session_expired');
    expect((error as { reauthRequired?: boolean }).reauthRequired).toBe(true);
    expect(await auth.getSession(session.id)).toBeUndefined();
  });

  it('logout deletes the session', async () => {
    const auth = createPatronAuth(provider());
    const session = await auth.login({ barcode: '21913000000001', pin: '1234' });
    await auth.logout(session.id);
    expect(await auth.getSession(session.id)).toBeUndefined();
    expect(await auth.getSession('not a session id')).toBeUndefined();
  });
});
