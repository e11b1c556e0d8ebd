import { type OverDriveEmulator, startOverDrive } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { overdrive } from '../providers/overdrive.js';
import { createPatronAuth } from './create-patron-auth.js';

describe('OverDrive patrons (legacy password grant)', () => {
  let emulator: OverDriveEmulator;
  const provider = (pinless = false) =>
    overdrive({
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      websiteId: pinless ? emulator.pinlessWebsiteId : emulator.credentials.websiteId,
      authorizationName: emulator.credentials.authorizationName,
      pinless,
      allowPasswordGrant: true,
      oauthUrl: emulator.oauthUrl,
      patronOauthUrl: emulator.patronOauthUrl,
      apiUrl: emulator.apiUrl,
      patronApiUrl: emulator.patronApiUrl,
    });
  beforeAll(async () => {
    emulator = await startOverDrive();
  });
  afterAll(() => emulator.close());

  it('signs in with card + PIN, reads /v1/patrons/me, and keeps no PIN', async () => {
    const auth = createPatronAuth(provider());
    const session = await auth.login({ barcode: '23025000000001', pin: '2468' });
    expect(session.profile).toMatchObject({
      provider: 'overdrive',
      id: '3100001',
      barcode: '23025000000001',
    });
    expect(session.refreshable).toBe(false);
    const response = await auth.fetch(session.id, 'v1/patrons/me');
    expect(response.status).toBe(200);
  });

  it('sends the websiteid/authorizationname scope and password_required=false only for PIN-less collections', async () => {
    const auth = createPatronAuth(provider(true));
    const session = await auth.login({ barcode: '23025000000002' });
    expect(session.profile?.id).toBe('3100002');
    const pinRequired = await createPatronAuth(provider())
      .login({ barcode: '23025000000002' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(pinRequired) && pinRequired.code).toBe('invalid_input');
    expect((pinRequired as { status?: number }).status).toBe(400);
  });

  it('turns OverDrive’s 400 unauthorized_client into invalid_credentials without the card number', async () => {
    const error = await createPatronAuth(provider())
      .login({ barcode: '23025000000001', pin: '9999' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_credentials');
    expect((error as Error).message).not.toContain('23025000000001');
    expect(JSON.stringify(error)).not.toContain('23025000000001');
    expect(JSON.stringify(error)).not.toContain('9999');
  });

  it('refuses a blocked patron even with the right PIN', async () => {
    const error = await createPatronAuth(provider())
      .login({ barcode: '23025000000003', pin: '1357' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_credentials');
    expect((error as Error).message).toMatch(/fines/);
  });

  it('ends the session when the patron token expires: no silent re-login, the PIN is gone', async () => {
    const auth = createPatronAuth(provider());
    const session = await auth.login({ barcode: '23025000000001', pin: '2468' });
    emulator.controls.advance(3601);
    const error = await auth.fetch(session.id, 'v1/patrons/me').catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('session_expired');
    expect(await auth.getSession(session.id)).toBeUndefined();
  });
});
