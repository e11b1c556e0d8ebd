import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Browser,
  type RunningExample,
  readForm,
  readmeExamples,
  startReadmeExample,
} from '@ils-auth/test-support';
import { afterAll, describe, expect, test } from 'vitest';
import { signInOnRero } from './testing/flows.js';

// The README's examples, run as written: each is saved inside this package (so that `@ils-auth/passport`
// resolves to the build, as it would for a user) and started with node; then a browser signs in.
const packageDir = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(`${packageDir}README.md`, 'utf8');
const examples = new Map(readmeExamples(readme).map((example) => [example.name, example.code]));
const running: RunningExample[] = [];
const RITA = { barcode: '21913000000001', pin: '1234' };

afterAll(() => Promise.all(running.map((example) => example.stop())));

/** Starts one example and resolves with the app's origin, read from what it prints. */
async function start(name: string): Promise<string> {
  expect(existsSync(`${packageDir}dist/index.js`), 'run npx tsup first').toBe(true);
  const example = await startReadmeExample(packageDir, name);
  running.push(example);
  return example.url;
}

describe('README examples run as written', () => {
  test('the README has its examples and recipes', () => {
    expect([...examples.keys()]).toEqual([
      'sierra',
      'sierra-pin',
      'overdrive',
      'rero',
      'oauth2',
      'sign-in-hooks',
      'several-providers',
      'exact-redirect-uri',
    ]);
  });

  test('sierra: Sierra’s login page, back with the patron', async () => {
    const origin = await start('sierra');
    const browser = new Browser();
    const startPage = await browser.request(`${origin}/auth/sierra`);
    const login = await browser.request(startPage.location!);
    const form = readForm(login.body, login.url);
    const back = await browser.request(form.action, {
      form: { ...form.fields, code: '21913000000001', pin: '1234' },
    });
    const done = await browser.request(back.location!);
    expect(JSON.parse(done.body)).toEqual({ user: { id: '1000001', name: 'Reader, Rita' } });
  });

  test('sierra-pin: the form, and a wrong PIN', async () => {
    const origin = await start('sierra-pin');
    const browser = new Browser();
    const ok = await browser.request(`${origin}/login`, { form: { barcode: '21913000000001', pin: '1234' } });
    expect(JSON.parse(ok.body)).toEqual({ id: '1000001', name: 'Reader, Rita' });
    const wrong = await browser.request(`${origin}/login`, {
      form: { barcode: '21913000000001', pin: '0000' },
    });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({
      message: 'Sierra refused the barcode or PIN',
      code: 'invalid_credentials',
    });
  });

  test('overdrive: card + PIN, and card only', async () => {
    const origin = await start('overdrive');
    const post = (path: string, body: object) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const withPin = await post('/login', { barcode: '23025000000001', pin: '2468' });
    expect(withPin.status).toBe(200);
    expect(await withPin.json()).toEqual({ id: '3100001' }); // no session id: it stays on the server
    const cardOnly = await post('/login/card-only', { barcode: '23025000000002' });
    expect(await cardOnly.json()).toMatchObject({ id: '3100002' });
    expect((await post('/login', { barcode: '23025000000001', pin: '0000' })).status).toBe(401);
  });

  test('rero: sign-in and consent, then req.user from the session', async () => {
    const origin = await start('rero');
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${origin}/auth/rero`, {
      email: 'jean.simon@example.ch',
      password: 'Valais-2024',
    });
    const done = await browser.follow(answer.location!);
    expect(done.url).toBe(`${origin}/me`);
    expect(JSON.parse(done.body).user).toEqual({ id: '21', name: 'Simon, Jean', libraries: ['VS', 'FR'] });
  });

  test('oauth2: any OAuth 2.0 server', async () => {
    const origin = await start('oauth2');
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${origin}/auth/library`, {
      email: 'anna.muster@example.ch',
      password: 'Fribourg-2024',
    });
    const done = await browser.request(answer.location!);
    expect(JSON.parse(done.body)).toEqual({ user: { id: '22', name: 'Muster, Anna' } });
  });

  test('sign-in-hooks: a refusal with a reason, failures by redirect or JSON, the chosen redirect', async () => {
    const origin = await start('sign-in-hooks');
    const browser = new Browser();
    const form = await browser.request(`${origin}/login?returnTo=%2Faccount`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="/account"');
    const wrong = await browser.request(`${origin}/login`, {
      form: { ...RITA, pin: '0000', returnTo: '/account' },
    });
    expect(wrong.location).toBe(
      `${origin}/login?error=invalid_credentials&provider=sierra-pin&returnTo=%2Faccount`,
    );
    const blocked = await browser.request(`${origin}/login`, {
      form: { barcode: '21913000000002', pin: '12345678abc' },
    });
    expect(blocked.location).toBe(`${origin}/login?error=card_blocked&provider=sierra-pin`);
    const json = await fetch(`${origin}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...RITA, pin: '0000' }),
    });
    expect(json.status).toBe(401);
    expect(await json.json()).toMatchObject({ code: 'invalid_credentials' });

    const signedIn = await browser.request(`${origin}/login`, { form: { ...RITA, returnTo: '/account' } });
    expect(signedIn.location).toBe(`${origin}/account`);
    const account = await browser.request(signedIn.location!);
    expect(JSON.parse(account.body).user).toMatchObject({ id: 'reader-1000001', name: 'Reader, Rita' });
    // The recipe's sign-out refuses another site's post: the patron stays signed in.
    const crossSite = await fetch(`${origin}/logout`, {
      method: 'POST',
      headers: { cookie: browser.cookieHeader(new URL(origin)), origin: 'https://evil.example' },
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    expect((await browser.request(`${origin}/account`)).status).toBe(200);
    await browser.request(`${origin}/logout`, { method: 'POST' });
    expect((await browser.request(`${origin}/account`)).status).toBe(302);
  });

  test('several-providers: Sierra and OverDrive at once, logout per provider, re-sign-in where it ended', async () => {
    const origin = await start('several-providers');
    const browser = new Browser();
    const forms = await browser.request(`${origin}/login?provider=overdrive&returnTo=/loans`);
    expect(forms.body).toContain('action="/login/overdrive"');
    expect(forms.body).not.toContain('action="/login/sierra"');
    await browser.request(`${origin}/login/sierra`, { form: RITA });
    const both = await browser.request(`${origin}/login/overdrive`, {
      form: { barcode: '23025000000001', pin: '2468', returnTo: '/loans' },
    });
    expect(both.location).toBe(`${origin}/loans`);
    expect(JSON.parse((await browser.request(`${origin}/loans`)).body)).toEqual({ loansOf: '3100001' });
    const me = JSON.parse((await browser.request(`${origin}/me`)).body);
    expect(Object.keys(me.patrons)).toEqual(['sierra', 'overdrive']);
    expect(me.patrons.sierra).toMatchObject({ patronId: '1000001' });

    await browser.request(`${origin}/logout/overdrive`, { method: 'POST' });
    expect(Object.keys(JSON.parse((await browser.request(`${origin}/me`)).body).patrons)).toEqual(['sierra']);
    expect((await browser.request(`${origin}/loans`)).location).toBe(
      `${origin}/login?provider=overdrive&returnTo=/loans`,
    );
    await browser.request(`${origin}/logout`, { method: 'POST' });
    expect(JSON.parse((await browser.request(`${origin}/me`)).body)).toEqual({ patrons: {} });
  });

  test('exact-redirect-uri: the callback at exactly the registered URI', async () => {
    const origin = await start('exact-redirect-uri');
    const browser = new Browser();
    const { start: begin, answer } = await signInOnRero(browser, `${origin}/auth/rero`, {
      email: 'jean.simon@example.ch',
      password: 'Valais-2024',
    });
    expect(new URL(begin.location!).searchParams.get('redirect_uri')).toBe(`${origin}/callback`);
    expect(answer.location!.startsWith(`${origin}/callback?`)).toBe(true);
    const done = await browser.request(answer.location!);
    expect(JSON.parse(done.body)).toEqual({ user: { id: '21', name: 'Simon, Jean' } });
  });
});
