import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sierra } from '../providers/sierra.js';
import { acceptSignIn } from './accept-sign-in.js';
import { cookiesOf } from './error-cookies.js';
import { WebAuth } from './web-auth.js';
import type { WebRequest } from './web-request.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const form: WebRequest = {
  method: 'POST',
  url: '/auth/card/login',
  headers: { host: '127.0.0.1:5999', origin: 'http://127.0.0.1:5999' },
  ip: '203.0.113.5',
};

let server: SierraEmulator;
let web: WebAuth;

beforeAll(async () => {
  server = await startSierra();
  web = new WebAuth('test', {
    secret: 'a-secret-of-at-least-thirty-two-characters',
    providers: { card: { provider: sierra({ baseUrl: server.url, ...server.credentials }), signIn: 'pin' } },
  });
});
afterAll(() => server.close());

const signIn = () => web.pinSignIn(form, 'card', { ...RITA, returnTo: '/account' });
const live = async (sessionId: string) =>
  (await web.provider('card').auth.getSession(sessionId)) !== undefined;

describe("acceptSignIn: the application's signIn callback decides before any session cookie", () => {
  it('without a callback the patron goes where they were going', async () => {
    const signedIn = await signIn();
    const accepted = await acceptSignIn(web, form, signedIn, undefined);
    expect(accepted.returnTo).toBe('/account');
    expect(accepted.user).toBeUndefined();
    expect(accepted.cookies.at(-1)?.value).toBe(`card.${signedIn.session.id}`);
  });

  it('a mapped user is kept beside the session, and the callback may choose the redirect', async () => {
    const signedIn = await signIn();
    const accepted = await acceptSignIn(web, form, signedIn, () => ({
      user: { id: 'u-7' },
      redirectTo: '/welcome',
    }));
    expect(accepted).toMatchObject({ returnTo: '/welcome', user: { id: 'u-7' } });
    expect(await web.users.load(signedIn.session.id)).toEqual({ id: 'u-7' });
    expect(await live(signedIn.session.id)).toBe(true);
  });

  it("a refusal with the application's reason deletes the new session, and keeps the cookies to write", async () => {
    const signedIn = await signIn();
    const refusal = await acceptSignIn(web, form, signedIn, async () => ({
      error: 'card_expired',
      message: 'your card has expired',
    })).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'access_denied',
      reason: 'card_expired',
      message: 'your card has expired',
    });
    expect(cookiesOf(refusal)).toEqual(signedIn.cookies);
    expect(await live(signedIn.session.id)).toBe(false);
  });

  it('a callback that throws, or answers something unusable, leaves no session behind either', async () => {
    for (const callback of [
      () => {
        throw new Error('the user database is down');
      },
      () => ({ redirectTo: 'https://evil.example/' }),
    ]) {
      const signedIn = await signIn();
      await expect(acceptSignIn(web, form, signedIn, callback)).rejects.toBeInstanceOf(Error);
      expect(await live(signedIn.session.id)).toBe(false);
      expect(await web.users.load(signedIn.session.id)).toBeUndefined();
    }
  });
});
