import { inspect } from 'node:util';
import { type OverDriveEmulator, type SierraEmulator, startOverDrive, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { redact } from '../internal/redact.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { overdrive } from '../providers/overdrive.js';
import { sierra } from '../providers/sierra.js';
import { IlsAuthError } from './ils-auth-error.js';

const CARD = '23025000000001';
const PIN = 'p@ss w/rd+0000';
const SECRET = 'Od5ecret+Demo/2024 &more';

/** Every form a value travels in: what a provider echoing the request could show. */
function forms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    Buffer.from(value).toString('base64'),
  ];
}

function printed(error: unknown): string {
  return `${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}\n${String(error)}`;
}

async function failure(work: Promise<unknown>): Promise<IlsAuthError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IlsAuthError);
  return error as IlsAuthError;
}

describe('redact', () => {
  it('replaces the longest value first, so a PIN inside the card number cannot split it', () => {
    expect(redact(`Invalid Library Card: ${CARD}.  Not a valid card.`, ['0000', { card: CARD }])).toBe(
      'Invalid Library Card: [card …0001].  Not a valid card.',
    );
  });

  it('shows at most the last 4 digits of a card, fewer of a short one', () => {
    expect(redact('card 1234567890', [{ card: '1234567890' }])).toBe('card [card …90]');
    expect(redact('card 123456', [{ card: '123456' }])).toBe('card [card]');
  });

  it('finds raw, percent-encoded, form-encoded and base64 forms', () => {
    const text = forms(PIN).join(' | ');
    expect(redact(text, [PIN])).toBe('[redacted] | [redacted] | [redacted] | [redacted]');
  });

  it('hides Authorization values and secret fields it was not told about', () => {
    const text =
      'Authorization: Bearer abc.DEF-123_x== body: grant_type=refresh_token&refresh_token=rt-xyz&client_secret=s {"pin":"9876"}';
    const said = redact(text, []);
    for (const leaked of ['abc.DEF-123_x', 'rt-xyz', 'client_secret=s', '9876'])
      expect(said).not.toContain(leaked);
    expect(said).toContain('grant_type=refresh_token');
  });

  it('leaves values shorter than 3 characters alone', () => {
    expect(redact('PIN 12 of 1212', ['12'])).toBe('PIN 12 of 1212');
  });
});

describe('an emulator that echoes every credential it was sent', () => {
  let od: OverDriveEmulator;
  let si: SierraEmulator;
  beforeAll(async () => {
    [od, si] = await Promise.all([startOverDrive(), startSierra()]);
  });
  afterAll(() => Promise.all([od.close(), si.close()]));

  const expectHidden = (said: string, ...values: string[]) => {
    for (const value of values) for (const form of forms(value)) expect(said).not.toContain(form);
  };

  it('gets no client secret into a client-credentials error, in any form (Sierra, raw Basic)', async () => {
    si.controls.inject({ endpoint: 'sierra.token', echo: true });
    const client = createClient(sierra({ baseUrl: si.url, clientId: 'key+id/1', clientSecret: SECRET }));
    const error = await failure(client.getToken());
    expect(error.providerError?.errorDescription).toContain('Authorization: Basic [redacted]');
    const said = printed(error);
    expectHidden(said, SECRET, `key+id/1:${SECRET}`);
  });

  it('gets no PIN, client secret or card number into a password-grant error (OverDrive)', async () => {
    od.controls.inject({ endpoint: 'overdrive.patrontoken', echo: true });
    const { clientId, websiteId, authorizationName } = od.credentials;
    const { oauthUrl, patronOauthUrl, apiUrl, patronApiUrl } = od;
    const endpoints = { oauthUrl, patronOauthUrl, apiUrl, patronApiUrl };
    const auth = createPatronAuth(
      overdrive({
        clientId,
        clientSecret: SECRET,
        websiteId,
        authorizationName,
        allowPasswordGrant: true,
        ...endpoints,
      }),
    );
    const error = await failure(auth.login({ barcode: CARD, pin: PIN }));
    const said = printed(error);
    expectHidden(said, SECRET, PIN, `${od.credentials.clientId}:${SECRET}`);
    expect(said).not.toContain('2302500000');
    expect(said).toContain('[card …0001]');
  });

  it('gets no PIN, card number or app token into a Sierra PIN-check error', async () => {
    si.controls.inject({ endpoint: 'sierra.patrons.validate', echo: true });
    const auth = createPatronAuth(sierra({ baseUrl: si.url, ...si.credentials }));
    const error = await failure(auth.login({ barcode: '21913000000001', pin: '0000' }));
    const said = printed(error);
    expectHidden(said, '0000');
    expect(said).not.toContain('2191300000');
    expect(said).toContain('Authorization: Bearer [redacted]');
    expect(said).toContain('[card …0001]');
  });
});
