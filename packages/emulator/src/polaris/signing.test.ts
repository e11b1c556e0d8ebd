import { createHmac } from 'node:crypto';
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

const staffUrl = () => `${polaris.protectedUrl}/authenticator/staff`;
const staffBody = (password = polaris.credentials.staffPassword) =>
  JSON.stringify({
    Domain: polaris.credentials.staffDomain,
    Username: polaris.credentials.staffUsername,
    Password: password,
  });
const signed = (method: string, url: string, secret = '', date?: string) =>
  papiHeaders(polaris.credentials.accessId, polaris.credentials.accessKey, method, url, secret, date);

async function staffLogin(password?: string, headers = signed('POST', staffUrl())) {
  return fetch(staffUrl(), {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: staffBody(password),
  });
}

describe('Polaris emulator: PWS signatures', () => {
  it('accepts a request signed over method + URL + PolarisDate, and records the string it signed', async () => {
    polaris.controls.clearSignatures();
    const date = new Date().toUTCString();
    const response = await staffLogin(undefined, signed('POST', staffUrl(), '', date));
    expect(response.status).toBe(200);
    expect(shapeOf(await readJson(response))).toEqual(shapeOf(readJsonFixture('polaris', 'staff-auth.json')));
    const [check] = polaris.controls.signatures();
    const served = await fetch(`${polaris.url}/__emulator/signatures`);
    expect(await served.json()).toEqual([check]);
    expect(check).toMatchObject({ method: 'POST', url: staffUrl(), date, secret: 'none', valid: true });
    expect(check?.signed).toBe(`POST${staffUrl()}${date}`);
    // The string it records is the one the client signed, byte for byte: an HMAC over it (and the empty
    // secret of an authenticator call), computed here, is the signature the client sent.
    const sent = signed('POST', staffUrl(), '', date).Authorization;
    const recomputed = createHmac('sha1', polaris.credentials.accessKey)
      .update(check?.signed ?? '')
      .digest('base64');
    expect(sent).toBe(`PWS ${polaris.credentials.accessId}:${recomputed}`);
  });

  it('checks the URL byte for byte: another query, case or encoding is a different string to sign', async () => {
    const url = `${polaris.publicUrl}/patron/21756000000001?x=1`;
    const good = await fetch(url, { headers: signed('GET', url, '1234') });
    expect(good.status).toBe(200);
    for (const signedUrl of [
      `${polaris.publicUrl}/patron/21756000000001?x=2`,
      `${polaris.publicUrl}/patron/21756000000001`,
      url.replace('/PAPIService/', '/papiservice/'),
      url.replace('http://127.0.0.1', 'http://localhost'),
    ]) {
      const refused = await fetch(url, { headers: signed('GET', signedUrl, '1234') });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('PWS realm="Polaris API"');
    }
    expect(polaris.controls.signatures().at(-1)).toMatchObject({
      valid: false,
      problem: 'signature does not match',
    });
  });

  it('refuses a missing header, an unknown AccessID, a wrong key, a bad or skewed date', async () => {
    const url = staffUrl();
    const headers = signed('POST', url);
    const attempts: Record<string, string>[] = [
      { PolarisDate: headers.PolarisDate ?? '' },
      { ...headers, Authorization: (headers.Authorization ?? '').replace('ILSAUTH', 'OTHER') },
      papiHeaders(polaris.credentials.accessId, 'not-the-key', 'POST', url),
      signed('POST', url, '', '2030-01-01T00:00:00Z'),
      signed('POST', url, '', new Date(Date.now() - 301_000).toUTCString()),
      signed('GET', url),
    ];
    for (const attempt of attempts) expect((await staffLogin(undefined, attempt)).status).toBe(401);
    const problems = polaris.controls
      .signatures()
      .slice(-attempts.length)
      .map((check) => check.problem);
    expect(problems).toEqual([
      'no PWS Authorization header',
      'unknown AccessID',
      'signature does not match',
      'PolarisDate is not an RFC 1123 GMT date',
      expect.stringMatching(/^PolarisDate is 30\d s from the server's clock$/),
      'signature does not match',
    ]);
    const dateHeader = signed('POST', url);
    const viaDate = await staffLogin(undefined, {
      Date: dateHeader.PolarisDate ?? '',
      Authorization: dateHeader.Authorization ?? '',
    });
    expect(viaDate.status).toBe(200);
  });
});

describe('Polaris emulator: staff AccessToken', () => {
  it('puts the token in protected URLs, signed with the AccessSecret; 24 hours, and gone after a restart', async () => {
    const { AccessToken, AccessSecret, AuthExpDate } = await readJson(await staffLogin());
    expect(Date.parse(AuthExpDate) - polaris.controls.now()).toBeGreaterThan(86_380_000);
    const search = (token = AccessToken, secret = AccessSecret) => {
      const url = `${polaris.protectedUrl}/${token}/search/patrons/boolean?q=PATB=21756000000004`;
      return fetch(url, { headers: signed('GET', url, secret) });
    };
    const found = await search();
    expect(found.status).toBe(200);
    const body = await readJson(found);
    expect(shapeOf(body)).toEqual(shapeOf(readJsonFixture('polaris', 'patron-search.json')));
    expect(body).toMatchObject({ PAPIErrorCode: 1, PatronSearchRows: [{ PatronID: 1255104 }] });
    expect(polaris.controls.signatures().at(-1)?.secret).toBe('staff-secret');
    expect((await search(AccessToken, 'wrong-secret')).status).toBe(401);

    polaris.controls.advance(86_401);
    expect((await search()).status).toBe(401);
    const fresh = await readJson(await staffLogin());
    expect((await search(fresh.AccessToken, fresh.AccessSecret)).status).toBe(200);
    polaris.controls.restart();
    expect((await search(fresh.AccessToken, fresh.AccessSecret)).status).toBe(401);
  });

  it('keeps the token out of the request log, and no secret in it or the signature records', async () => {
    polaris.controls.clearRequests();
    const { AccessToken, AccessSecret } = await readJson(await staffLogin());
    const url = `${polaris.protectedUrl}/${AccessToken}/search/patrons/boolean?q=PRID=1255101`;
    expect((await fetch(url, { headers: signed('GET', url, AccessSecret) })).status).toBe(200);
    const log = polaris.controls.requests();
    expect(log.map((entry) => entry.path)).toEqual([
      '/PAPIService/REST/protected/v1/1033/100/1/authenticator/staff',
      '/PAPIService/REST/protected/v1/1033/100/1/{AccessToken}/search/patrons/boolean',
    ]);
    const recorded = JSON.stringify(log) + JSON.stringify(polaris.controls.signatures());
    for (const secret of [AccessSecret, polaris.credentials.staffPassword, polaris.credentials.accessKey]) {
      expect(recorded).not.toContain(secret);
    }
    expect(JSON.stringify(log)).not.toContain(AccessToken);
  });

  it('locks the staff account after three failed logins in five minutes, then lets it in again', async () => {
    polaris.controls.clearLogins();
    for (let attempt = 0; attempt < 3; attempt++) {
      const failed = await readJson(await staffLogin('wrong'));
      expect(failed.PAPIErrorCode).toBeLessThan(0);
      expect(failed.AccessToken).toBeUndefined();
    }
    const locked = await staffLogin();
    expect(locked.status).toBe(200);
    expect((await readJson(locked)).PAPIErrorCode).toBeLessThan(0);
    expect(polaris.controls.logins().staff).toEqual({ ok: 0, failed: 3, locked: 1 });
    polaris.controls.advance(301);
    expect((await readJson(await staffLogin())).PAPIErrorCode).toBe(0);
    // A success in between starts the count again: two failures, a success, two failures do not lock.
    await staffLogin('wrong');
    await staffLogin('wrong');
    expect((await readJson(await staffLogin())).PAPIErrorCode).toBe(0);
    await staffLogin('wrong');
    await staffLogin('wrong');
    expect((await readJson(await staffLogin())).PAPIErrorCode).toBe(0);
    for (let attempt = 0; attempt < 3; attempt++) await staffLogin('wrong');
    polaris.controls.clearLockouts();
    expect((await readJson(await staffLogin())).PAPIErrorCode).toBe(0);
  });
});
