import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { papiHeaders } from '../testing/papi-signature.js';
import { readJson } from '../testing/read-json.js';
import { type PolarisEmulator, startPolarisEmulator } from './emulator.js';

let polaris: PolarisEmulator;
beforeAll(async () => {
  polaris = await startPolarisEmulator();
});
afterAll(() => polaris.close());

const signed = (method: string, url: string, secret = '') =>
  papiHeaders(polaris.credentials.accessId, polaris.credentials.accessKey, method, url, secret);

async function authenticatePatron(barcode: string, password: string, emulator = polaris) {
  const url = `${emulator.publicUrl}/authenticator/patron`;
  const headers = papiHeaders(emulator.credentials.accessId, emulator.credentials.accessKey, 'POST', url);
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ Barcode: barcode, Password: password }),
  });
  expect(response.status).toBe(200);
  return readJson(response);
}

const patronGet = (barcode: string, suffix: string, secret: string, extra: Record<string, string> = {}) => {
  const url = `${polaris.publicUrl}/patron/${barcode}${suffix}`;
  return fetch(url, { headers: { ...signed('GET', url, secret), ...extra } });
};

describe('Polaris emulator: authenticator/patron', () => {
  it('answers PAPIErrorCode 0 with AccessToken equal to AccessSecret and no expiry (legacy scheme)', async () => {
    const body = await authenticatePatron('21756000000001', '1234');
    expect(shapeOf(body)).toEqual(shapeOf(readJsonFixture('polaris', 'patron-auth.json')));
    expect(body).toMatchObject({ PAPIErrorCode: 0, PatronID: 1255101, AuthExpDate: null });
    expect(body.AccessToken).toBe(body.AccessSecret);
    expect((await authenticatePatron('rita.reader', '1234')).PatronID).toBe(1255101);
  });

  it('answers a wrong PIN and an unknown card alike: HTTP 200 with a negative PAPIErrorCode', async () => {
    polaris.controls.clearLogins();
    const wrong = await authenticatePatron('21756000000001', '9999');
    const unknown = await authenticatePatron('21756999999999', '1234');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ PAPIErrorCode: -3001, AccessSecret: null, PatronID: 0 });
    expect(polaris.controls.logins().patron).toEqual({ ok: 0, failed: 2, locked: 0 });
  });

  it('gives patron secrets a 24-hour expiry outside the legacy scheme', async () => {
    const current = await startPolarisEmulator({ legacyPatronAuthentication: false });
    try {
      const body = await authenticatePatron('21756000000001', '1234', current);
      expect(Date.parse(body.AuthExpDate) - current.controls.now()).toBeGreaterThan(86_380_000);
    } finally {
      await current.close();
    }
  });
});

describe('Polaris emulator: patron methods', () => {
  it('validates a patron signed with the PIN, in the shape of the public fixture', async () => {
    const response = await patronGet('21756000000001', '', '1234');
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(shapeOf(body)).toEqual(shapeOf(readJsonFixture('polaris', 'patron-validate.json')));
    expect(body).toMatchObject({
      ValidPatron: true,
      PatronID: 1255101,
      ExpirationDate: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/),
    });
    expect(polaris.controls.signatures().at(-1)?.secret).toBe('patron-password');
  });

  it('refuses a wrong PIN and an unknown card with 401 (the signature cannot match)', async () => {
    expect((await patronGet('21756000000001', '', '9999')).status).toBe(401);
    expect((await patronGet('21756999999999', '', '1234')).status).toBe(401);
    expect((await patronGet('%E0%A4%A', '', '1234')).status).toBe(401);
  });

  it('accepts the patron AccessSecret in place of the PIN, and the staff override', async () => {
    const { AccessSecret } = await authenticatePatron('21756000000004', '4444');
    const basic = await patronGet('21756000000004', '/basicdata', AccessSecret);
    expect(basic.status).toBe(200);
    const body = await readJson(basic);
    expect(shapeOf(body)).toMatchObject(shapeOf(readJsonFixture('polaris', 'patron-basic-data.json')));
    expect(body.PatronBasicData).toMatchObject({ ChargeBalance: 42.5, NameLast: 'Fines' });
    expect(polaris.controls.signatures().at(-1)?.secret).toBe('patron-secret');
    polaris.controls.restart();
    expect((await patronGet('21756000000004', '/basicdata', AccessSecret)).status).toBe(401);

    const staffUrl = `${polaris.protectedUrl}/authenticator/staff`;
    const staff = await readJson(
      await fetch(staffUrl, {
        method: 'POST',
        headers: { ...signed('POST', staffUrl), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          Domain: polaris.credentials.staffDomain,
          Username: polaris.credentials.staffUsername,
          Password: polaris.credentials.staffPassword,
        }),
      }),
    );
    const override = { 'X-PAPI-AccessToken': staff.AccessToken };
    const viaStaff = await readJson(await patronGet('21756000000001', '', staff.AccessSecret, override));
    expect(viaStaff).toMatchObject({ ValidPatron: true, OverridePasswordUsed: true });
    const missing = await readJson(await patronGet('21756999999999', '', staff.AccessSecret, override));
    expect(missing).toMatchObject({ PAPIErrorCode: -6000 });
  });

  it('has a patron in every state: blocked, expired and with fines cannot circulate', async () => {
    const blocks = async (barcode: string, pin: string) =>
      readJson(await patronGet(barcode, '/circulationblocks', pin));
    const valid = await blocks('21756000000001', '1234');
    expect(shapeOf(valid)).toMatchObject({
      ...shapeOf(readJsonFixture('polaris', 'patron-circulate-blocks.json')),
      Blocks: [],
    });
    expect(valid).toMatchObject({ CanPatronCirculate: true, Blocks: [] });
    const blocked = await blocks('21756000000002', '2222');
    expect(shapeOf(blocked)).toEqual(
      shapeOf({
        ...readJsonFixture('polaris', 'patron-circulate-blocks.json'),
        EmailAddress: '',
        NameMiddle: null,
      }),
    );
    expect(blocked).toMatchObject({
      CanPatronCirculate: false,
      Blocks: [{ BlockDescription: 'Library card reported lost' }],
    });
    const expired = await blocks('21756000000003', '3333');
    expect(Number(/\d+/.exec(expired.ExpirationDate)?.[0])).toBeLessThan(Date.now());
    expect(expired.CanPatronCirculate).toBe(false);
    expect((await blocks('21756000000004', '4444')).CanPatronCirculate).toBe(false);
  });

  it('never logs a PIN or a patron secret', async () => {
    polaris.controls.clearRequests();
    const { AccessSecret } = await authenticatePatron('21756000000001', '1234');
    await patronGet('21756000000001', '/basicdata', AccessSecret);
    const recorded =
      JSON.stringify(polaris.controls.requests()) + JSON.stringify(polaris.controls.signatures());
    expect(recorded).not.toContain(AccessSecret);
    expect(recorded).not.toMatch(/"1234"|1234"/);
  });
});
