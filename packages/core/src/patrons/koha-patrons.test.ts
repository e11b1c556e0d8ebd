import { inspect } from 'node:util';
import { type KohaEmulator, type KohaEmulatorOptions, kohaClients, startKoha } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { koha } from '../providers/koha.js';
import { createPatronAuth } from './create-patron-auth.js';

const ADA = { barcode: '23529000445172', pin: 'Analytical-1843' };

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the sign-in was expected to fail');
    },
    (error: unknown) => {
      if (!isIlsAuthError(error)) throw error;
      return error;
    },
  );

/** Every printed form of an error, where no password or full card number may appear. */
const printed = (error: IlsAuthError) => `${String(error)} ${JSON.stringify(error)} ${inspect(error)}`;

describe('Koha patrons: password validation with the app token (current Koha, 201)', () => {
  let emulator: KohaEmulator;
  const auth = (options: Partial<Parameters<typeof koha>[0]> = {}) =>
    createPatronAuth(koha({ baseUrl: emulator.url, ...emulator.credentials, ...options }));
  beforeAll(async () => {
    emulator = await startKoha();
  });
  afterAll(() => emulator.close());

  it('signs a patron in by card number and password, and reads the record and balance for the profile', async () => {
    emulator.controls.clearRequests();
    const session = await auth().login(ADA);
    expect(session.patronId).toBe('51');
    expect(session.profile).toEqual({
      provider: 'koha',
      id: '51',
      barcode: '23529000445172',
      name: 'Lovelace, Ada',
      email: 'ada@library.example',
      phone: '+44 20 7946 0051',
      birthdate: '1985-12-10',
      expiresAt: '2099-12-31',
      patronType: 'PT',
      homeLibrary: 'CPL',
      fines: { amount: 0 },
      raw: expect.objectContaining({ patron_id: 51, userid: 'ada' }),
    });
    const endpoints = emulator.controls.requests().map((entry) => entry.endpoint);
    expect(endpoints).toEqual([
      'koha.token',
      'koha.password.validation',
      'koha.patrons.get',
      'koha.patrons.account',
    ]);
  });

  it('signs a patron in by user id too (Koha tries the user id first)', async () => {
    const session = await auth().login({ barcode: 'grace', pin: 'Cobol-1959' });
    expect(session.profile).toMatchObject({ id: '52', barcode: '23529000445173', homeLibrary: 'FPL' });
  });

  it('sends `userid` instead of `identifier` with patronLoginField: "userid"', async () => {
    const session = await auth({ patronLoginField: 'userid' }).login({ barcode: 'ada', pin: ADA.pin });
    expect(session.patronId).toBe('51');
    const byCard = await refusal(auth({ patronLoginField: 'userid' }).login(ADA));
    expect(byCard.code).toBe('invalid_credentials');
  });

  it('refuses a wrong password and an unknown card as invalid_credentials, saying neither', async () => {
    for (const credentials of [
      { barcode: ADA.barcode, pin: 'Analytical-1842' },
      { barcode: '99999999999999', pin: ADA.pin },
    ]) {
      const error = await refusal(auth().login(credentials));
      expect([error.code, error.status]).toEqual(['invalid_credentials', 401]);
      expect(printed(error)).not.toContain(credentials.pin);
      expect(printed(error)).not.toContain(credentials.barcode);
    }
  });

  it('says when a password expired, apart from a wrong one, and only for the right password', async () => {
    const expired = await refusal(auth().login({ barcode: 'margaret', pin: 'Apollo-1969' }));
    expect([expired.code, expired.status]).toEqual(['password_expired', 403]);
    expect(expired.message).toMatch(/password has expired/);
    expect(printed(expired)).not.toContain('Apollo-1969');
    const wrong = await refusal(auth().login({ barcode: 'margaret', pin: 'Apollo-1970' }));
    expect(wrong.code).toBe('invalid_credentials');
  });

  it('refuses a locked account even with the right password (Koha says only "Validation failed")', async () => {
    const error = await refusal(auth().login({ barcode: 'claude', pin: 'Entropy-1948' }));
    expect(error.code).toBe('invalid_credentials');
  });

  it('signs in an expired card, a restricted card, a lost card and a patron who owes, saying so in the profile', async () => {
    const expired = await auth().login({ barcode: 'charles', pin: 'Difference-1822' });
    expect(expired.profile).toMatchObject({ expiresAt: '2020-01-31' });
    expect(expired.profile.blocks).toBeUndefined();
    const restricted = await auth().login({ barcode: 'alan', pin: 'Enigma-1939' });
    expect(restricted.profile.blocks).toEqual([{ reason: 'restricted' }]);
    const lost = await auth().login({ barcode: 'katherine', pin: 'Orbits-1962' });
    expect(lost.profile.blocks).toEqual([{ reason: 'card_lost' }]);
    const owes = await auth().login({ barcode: 'emmy', pin: 'Rings-1921' });
    expect(owes.profile.fines).toEqual({ amount: 12.5 });
  });

  it('gets a new app token and retries once when Koha forgot its tokens', async () => {
    const patrons = auth();
    await patrons.login(ADA);
    emulator.controls.restart();
    emulator.controls.clearRequests();
    expect((await patrons.login(ADA)).patronId).toBe('51');
    const validations = emulator.controls
      .requests()
      .filter((entry) => entry.endpoint === 'koha.password.validation')
      .map((entry) => entry.status);
    expect(validations).toEqual([401, 201]);
  });

  it('says the app token was refused (invalid_client) when Koha answers 401 to a new token too', async () => {
    emulator.controls.inject({ endpoint: 'koha.password.validation', status: 401, times: 2 });
    const error = await refusal(auth().login(ADA));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toContain("refused ils-auth's application token");
    emulator.controls.clearFaults();
  });

  it('names the missing permission when the API key may not validate passwords (a configuration error)', async () => {
    const limited = kohaClients[1];
    if (!limited) throw new Error('seed changed');
    const error = await refusal(
      createPatronAuth(
        koha({ baseUrl: emulator.url, clientId: limited.clientId, clientSecret: limited.clientSecret }),
      ).login(ADA),
    );
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('missing permission: borrowers');
    expect(error.providerError?.requiredPermissions).toBe('borrowers');
    expect(printed(error)).not.toContain(ADA.pin);
    expect(printed(error)).not.toContain(limited.clientSecret);
  });

  it('fails as provider_unavailable when Koha answers 500, without the password', async () => {
    emulator.controls.inject({ endpoint: 'koha.password.validation', status: 500 });
    const error = await refusal(auth().login(ADA));
    expect(error.code).toBe('provider_unavailable');
    expect(printed(error)).not.toContain(ADA.pin);
  });

  it('refuses a malformed 201 as malformed_response', async () => {
    emulator.controls.inject({ endpoint: 'koha.password.validation', status: 201, body: '{"patron_id":' });
    const error = await refusal(auth().login(ADA));
    expect(error.code).toBe('malformed_response');
  });

  it('refuses hostile input before Koha sees it', async () => {
    emulator.controls.clearRequests();
    const error = await refusal(auth().login({ barcode: 'ada\r\nX-Injected: 1', pin: ADA.pin }));
    expect(error.code).toBe('invalid_input');
    expect(emulator.controls.requests()).toEqual([]);
  });
});

describe('Koha patrons on older releases (an empty 204)', () => {
  const started: KohaEmulator[] = [];
  const start = async (options: KohaEmulatorOptions) => {
    const emulator = await startKoha(options);
    started.push(emulator);
    return emulator;
  };
  afterAll(() => Promise.all(started.map((emulator) => emulator.close())));

  it('23.11: finds the patron by card number after a 204', async () => {
    const emulator = await start({ passwordValidation: '23.11' });
    const session = await createPatronAuth(koha({ baseUrl: emulator.url, ...emulator.credentials })).login(
      ADA,
    );
    expect(session.profile).toMatchObject({ id: '51', name: 'Lovelace, Ada' });
    expect(emulator.controls.requests().map((entry) => entry.endpoint)).toContain('koha.patrons.list');
  });

  it('23.05: patronLoginField "userid" signs in; the default says to set it', async () => {
    const emulator = await start({ passwordValidation: '23.05' });
    const options = { baseUrl: emulator.url, ...emulator.credentials };
    const session = await createPatronAuth(koha({ ...options, patronLoginField: 'userid' })).login({
      barcode: 'ada',
      pin: ADA.pin,
    });
    expect(session.patronId).toBe('51');
    const error = await refusal(createPatronAuth(koha(options)).login(ADA));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain("patronLoginField: 'userid'");
  });

  it('locks an account after FailedLoginAttempts wrong passwords, as Koha does', async () => {
    const emulator = await start({ failedLoginAttempts: 1 });
    const patrons = createPatronAuth(koha({ baseUrl: emulator.url, ...emulator.credentials }));
    expect((await refusal(patrons.login({ ...ADA, pin: 'wrong-password' }))).code).toBe(
      'invalid_credentials',
    );
    expect((await refusal(patrons.login(ADA))).code).toBe('invalid_credentials');
  });
});
