import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sierra } from '../../providers/sierra.js';
import { cookiesOf } from '../error-cookies.js';
import {
  cookieHeader,
  ENGINE_TEST_SECRET,
  ENGINE_TEST_SITE,
  loadedRequest,
  postRequest,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';
import type { SignInCallbackMessage } from './sign-in-hooks.js';
import { signOut } from './sign-out.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const form = postRequest('/auth/card/login', { origin: ENGINE_TEST_SITE });
/** The framework's request, as an adapter hands it to the hooks. */
const REQ = { framework: 'request' };

let server: SierraEmulator;
let engine: IlsAuthEngine<typeof REQ>;
let decide: (message: SignInCallbackMessage<typeof REQ>) => unknown;
const told: { event: string; provider: string; user: unknown; everywhere?: boolean; req: unknown }[] = [];
const eventErrors: unknown[] = [];

beforeAll(async () => {
  server = await startSierra();
  engine = new IlsAuthEngine<typeof REQ>(
    {
      secret: ENGINE_TEST_SECRET,
      providers: {
        card: { provider: sierra({ baseUrl: server.url, ...server.credentials }), signIn: 'pin' },
      },
      callbacks: { signIn: (message) => decide(message) as never },
      events: {
        signIn: ({ patron, provider, req }) => {
          told.push({ event: 'signIn', provider, user: patron.user, req });
          throw new Error('the audit log is full');
        },
        signOut: ({ patron, provider, everywhere, req }) =>
          void told.push({ event: 'signOut', provider, user: patron.user, everywhere, req }),
        error: (error) => void eventErrors.push(error),
      },
    },
    { owner: 'test' },
  );
});
afterAll(() => server.close());

const verify = () => engine.verifyPinSignIn(form, 'card', { ...RITA, returnTo: '/account' });
const live = async (sessionId: string) =>
  (await engine.provider('card').auth.getSession(sessionId)) !== undefined;

describe('the signIn callback decides before any session cookie (acceptSignIn)', () => {
  it('is told the patron without a user and the framework request; true lets them go where they were going', async () => {
    const seen: SignInCallbackMessage<typeof REQ>[] = [];
    decide = (message) => {
      seen.push(message);
      return true;
    };
    const signedIn = await verify();
    const accepted = await engine.acceptSignIn(signedIn, REQ);
    expect(seen[0]).toMatchObject({
      provider: 'card',
      req: REQ,
      patron: { provider: 'card', user: undefined },
    });
    expect(accepted).toMatchObject({ returnTo: '/account', cookies: [], patron: { user: undefined } });
  });

  it('a mapped user is kept beside the session and the callback may choose the redirect', async () => {
    decide = () => ({ user: { id: 'u-7' }, redirectTo: '/welcome' });
    const signedIn = await verify();
    const accepted = await engine.acceptSignIn(signedIn, REQ);
    expect(accepted).toMatchObject({ returnTo: '/welcome', patron: { user: { id: 'u-7' } } });
    expect(await engine.setup.users.load(signedIn.session.id)).toEqual({ id: 'u-7' });
    expect(await live(signedIn.session.id)).toBe(true);
  });

  it("a refusal with the application's reason deletes the new session, and keeps the cookies to write", async () => {
    decide = async () => ({ error: 'card_expired', message: 'your card has expired' });
    const signedIn = await verify();
    const refusal = await engine.acceptSignIn(signedIn, REQ).catch((error: unknown) => error);
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
      decide = callback;
      const signedIn = await verify();
      await expect(engine.acceptSignIn(signedIn, REQ)).rejects.toBeInstanceOf(Error);
      expect(await live(signedIn.session.id)).toBe(false);
      expect(await engine.setup.users.load(signedIn.session.id)).toBeUndefined();
    }
  });
});

describe('events, and the sessions of one request', () => {
  it('signIn: the callback, the cookie, the event (whose error is reported, not answered); the user comes back on the next request', async () => {
    decide = () => ({ user: { id: 'u-9' } });
    told.length = 0;
    eventErrors.length = 0;
    const answer = await engine.request(form, REQ).signIn(await verify());
    expect(answer.redirect).toMatchObject({ status: 303, location: '/account' });
    expect(told).toEqual([{ event: 'signIn', provider: 'card', user: { id: 'u-9' }, req: REQ }]);
    expect(eventErrors).toEqual([expect.objectContaining({ message: 'the audit log is full' })]);
    const next = await loadedRequest(
      engine,
      postRequest('/', cookieHeader(answer.redirect.cookies.at(-1)!)),
      REQ,
    );
    expect(next.patron).toMatchObject({
      provider: 'card',
      user: { id: 'u-9' },
      patronId: answer.patron.patronId,
    });
  });

  it('signing out a session that started earlier in the same request ends it in the store, clears the cookie and tells signOut', async () => {
    decide = () => true;
    told.length = 0;
    const state = engine.request(form, REQ);
    const { patron } = await state.signIn(await verify());
    const sessionId = patron.sessionId!;
    expect(await live(sessionId)).toBe(true);
    const out = await signOut(state, { everywhere: false });
    expect(await live(sessionId)).toBe(false);
    expect(out.cookies).toEqual([
      expect.objectContaining({ name: 'ils_session', value: '', maxAgeSeconds: 0 }),
    ]);
    expect(state.patron).toBeUndefined();
    expect(told.at(-1)).toEqual({
      event: 'signOut',
      provider: 'card',
      user: undefined,
      everywhere: false,
      req: REQ,
    });
  });

  it('hooks are checked at construction: a misspelt name or a non-function is config_invalid naming it', () => {
    const providers = { card: sierra({ baseUrl: server.url, ...server.credentials }) };
    const build = (hooks: object) => () =>
      new IlsAuthEngine({ secret: ENGINE_TEST_SECRET, providers, ...hooks } as never, { owner: 'test' });
    expect(build({ callbacks: { signin: () => true } })).toThrow(/callbacks\.signin/);
    expect(build({ events: { signOut: 'log' } })).toThrow(/events\.signOut/);
    expect(build({ events: 'everything' })).toThrow(/events/);
  });
});
