import { rero } from '@ils-auth/core';
import { type ReroEmulator, startRero } from '@ils-auth/emulator';
import { Browser, readForm } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

let emulator: ReroEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  emulator = await startRero();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await app?.close();
});

describe('per-provider redirectUri', () => {
  it('a provider that only accepts its pre-registered URI: the callback is served at exactly that URI', async () => {
    const { clientId, clientSecret } = {
      clientId: 'portal-exact',
      clientSecret: 'portal-exact-secret-0123456789',
    };
    app = await startTestApp({
      providers: {
        rero: { provider: rero({ baseUrl: emulator.url, clientId, clientSecret }), redirectUri: '/callback' },
      },
    });
    // Registered exactly, as an OAuth server that does not accept loopback ports of its own choosing.
    emulator.registerClient({ clientId, clientSecret, redirectUris: [`${app.url}/callback`] });

    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/rero/login?returnTo=/account`);
    expect(new URL(start.location!).searchParams.get('redirect_uri')).toBe(`${app.url}/callback`);
    const signinPage = await browser.navigate(start.location!);
    const signin = readForm(signinPage.body, signinPage.url);
    const consentPage = await browser.submit(signin.action, {
      ...signin.fields,
      email: 'jean.simon@example.ch',
      password: 'Valais-2024',
    });
    expect(consentPage.status).toBe(200);
    const consent = readForm(consentPage.body, consentPage.url);
    const landing = await browser.submit(consent.action, { ...consent.fields, confirm: 'yes' });
    expect(browser.history.some((hop) => hop.url.startsWith(`${app!.url}/callback?`))).toBe(true);
    expect(landing.url).toBe(`${app.url}/account`);
    expect(JSON.parse(landing.body).patron.provider).toBe('rero');
    // The default route is not a second way in.
    expect((await browser.request(`${app.url}/auth/rero/callback?code=x&state=y`)).status).toBe(404);
  });

  it('an absolute redirectUri is sent exactly as registered; it is refused for PIN providers and fragments', async () => {
    app = await startTestApp({
      providers: {
        rero: {
          provider: rero({ baseUrl: emulator.url, ...emulator.credentials }),
          redirectUri: 'https://app.example/callback',
        },
      },
    });
    const start = await new Browser().request(`${app.url}/auth/rero/login`);
    expect(new URL(start.location!).searchParams.get('redirect_uri')).toBe('https://app.example/callback');
    await app.close();
    app = undefined;

    const refused = (redirectUri: string) =>
      startTestApp({
        providers: {
          rero: { provider: rero({ baseUrl: emulator.url, ...emulator.credentials }), redirectUri },
        },
      });
    await expect(refused('https://app.example/callback#x')).rejects.toMatchObject({ code: 'config_invalid' });
    await expect(refused('//evil.example/callback')).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
