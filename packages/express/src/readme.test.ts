import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Browser, type RunningExample, startReadmeExample } from '@ils-auth/test-support';
import { afterEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const running: RunningExample[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((example) => example.stop()));
});

/** Starts a README example in the package (so `@ils-auth/express` resolves to this build). */
async function startExample(marker: string): Promise<RunningExample> {
  const example = await startReadmeExample(packageDir, marker, {
    listening: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  });
  running.push(example);
  return example;
}

describe('README', () => {
  it('the example without Passport runs as written: PIN form, login page, OverDrive, RERO, app token', async () => {
    const { url, output } = await startExample('plain');
    const browser = new Browser();
    const guard = await browser.request(`${url}/account`);
    expect(guard.location).toBe(`${url}/login?returnTo=%2Faccount`);
    const form = await browser.request(guard.location!);
    expect(form.body).toContain('value="/account"');
    // The form posts to the PIN route and lands back on /account.
    const landing = await browser.submit(`${url}/auth/card/login`, {
      barcode: '21913000000001',
      pin: '1234',
      returnTo: '/account',
    });
    expect(JSON.parse(landing.body)).toEqual({ signedInWith: 'card', name: 'Reader, Rita' });
    const record = await browser.request(`${url}/api/me`);
    expect(JSON.parse(record.body).names).toEqual(['Reader, Rita']);

    const api = await new Browser().request(`${url}/api/me`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    const bib = await new Browser().request(`${url}/api/bibs/1000004`);
    expect(bib.status).toBe(200);

    const od = new Browser();
    const odLogin = await od.request(`${url}/auth/overdrive/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ barcode: '23025000000001', pin: '2468' }),
    });
    expect(odLogin.status).toBe(200);
    expect(JSON.parse((await od.request(`${url}/api/me`)).body).patronId).toBe(3100001);

    // The login links of the form start the code flows.
    expect(form.body).toContain('href="/auth/sierra/login?returnTo=%2Faccount"');
    const rero = await browser.request(`${url}/auth/rero/login?returnTo=%2Faccount`);
    expect(rero.status).toBe(302);
    expect(rero.location).toMatch(/\/oauth\/authorize\?/);

    // The form escapes what it reflects.
    const hostile = await new Browser().request(`${url}/login?returnTo=${encodeURIComponent('/"><script>')}`);
    expect(hostile.body).not.toContain('"><script>');
    expect(output()).not.toContain('1234');
  });

  it('the example with express-session and Passport runs as written', async () => {
    const passportBuilt = existsSync(`${packageDir}node_modules/@ils-auth/passport/dist/index.js`);
    if (!passportBuilt) throw new Error('build @ils-auth/passport first (cd packages/passport && npx tsup)');
    const { url } = await startExample('passport');
    const browser = new Browser();
    const guard = await browser.request(`${url}/account?tab=1`);
    expect(guard.location).toBe(`${url}/login?returnTo=%2Faccount%3Ftab%3D1`);
    await browser.request(guard.location!);
    const wrong = await browser.submit(`${url}/login`, { barcode: '21913000000001', pin: '0000' });
    expect(wrong.url).toBe(`${url}/login?error=1`);
    await browser.request(guard.location!);
    const landing = await browser.submit(`${url}/login`, { barcode: '21913000000001', pin: '1234' });
    expect(landing.url).toBe(`${url}/account?tab=1`);
    const body = JSON.parse(landing.body);
    expect(body).toMatchObject({
      user: { patronId: '1000001', name: 'Reader, Rita' },
      record: { names: ['Reader, Rita'] },
      bib: expect.any(String),
    });
    expect(body.user).toEqual({ patronId: '1000001', name: 'Reader, Rita' }); // no session id
    const out = await browser.submit(`${url}/logout`, {});
    expect(out.url).toBe(`${url}/`);
    expect((await browser.request(`${url}/account`)).status).toBe(302);
  });

  it('the portal recipe runs as written: two providers at once, signIn callback, events, failureRedirect', async () => {
    const { url, output } = await startExample('portal');
    const browser = new Browser();
    // An anonymous visitor is sent to the app's sign-in page, which answers.
    const anonymous = await browser.request(`${url}/portal`);
    expect(anonymous.location).toBe(`${url}/login?returnTo=%2Fportal`);
    expect((await browser.request(anonymous.location!)).status).toBe(200);
    const form = (path: string, fields: Record<string, string>) =>
      browser.request(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields).toString(),
      });
    const wrong = await form('/auth/catalogue/login', {
      barcode: '21913000000001',
      pin: '0000',
      returnTo: '/portal',
    });
    expect(wrong.location).toBe(
      `${url}/login?error=invalid_credentials&provider=catalogue&returnTo=%2Fportal`,
    );
    const expired = await form('/auth/catalogue/login', { barcode: '21913000000003', pin: '4321' });
    expect(expired.location).toBe(`${url}/login?error=card_expired&provider=catalogue`);

    expect(
      (await form('/auth/catalogue/login', { barcode: '21913000000001', pin: '1234', returnTo: '/portal' }))
        .location,
    ).toBe(`${url}/portal`);
    const toEbooks = await browser.request(`${url}/ebooks`);
    expect(toEbooks.location).toBe(`${url}/login?provider=ebooks&returnTo=%2Febooks`);
    expect((await browser.request(toEbooks.location!)).status).toBe(200);
    await form('/auth/ebooks/login', { barcode: '23025000000001', pin: '2468' });
    expect(JSON.parse((await browser.request(`${url}/portal`)).body)).toEqual({
      user: { id: 'patron-catalogue-1000001', role: 'reader' },
      signedInTo: ['catalogue', 'ebooks'],
    });
    expect(JSON.parse((await browser.request(`${url}/ebooks`)).body).patronId).toBe(3100001);

    await form('/auth/ebooks/logout', {});
    expect(JSON.parse((await browser.request(`${url}/portal`)).body).signedInTo).toEqual(['catalogue']);
    expect(output()).toContain('audit: patron-catalogue-1000001 signed in');
    expect(output()).toContain('audit: ebooks out, everywhere=false');
  });
});
