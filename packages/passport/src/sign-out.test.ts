import type { AddressInfo } from 'node:net';
import {
  httpStatusFor,
  type IlsAuthError,
  isIlsAuthError,
  MemoryStore,
  type PatronProfile,
  type PatronSession,
} from '@ils-auth/core';
import { storeUnavailable } from '@ils-auth/core/extend';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { SwitchableStore } from '@ils-auth/test-support';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { passportSignOut, ReroStrategy, SierraPinStrategy } from './index.js';
import { COOKIE_SECRET } from './testing/flows.js';

// Patron 1000001 of the Sierra emulator.
const RITA = { barcode: '21913000000001', pin: '1234' };

interface Reader {
  id: string;
  sessionId: string;
}

let sierra: SierraEmulator;
const store = new SwitchableStore(new MemoryStore(), storeUnavailable);
let strategy: SierraPinStrategy;
let url = '';
let close: () => Promise<void>;

beforeAll(async () => {
  sierra = await startSierra();
  strategy = new SierraPinStrategy(
    { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET, store },
    async (profile: PatronProfile, patronSession: PatronSession): Promise<Reader> => ({
      id: profile.id,
      sessionId: patronSession.id,
    }),
  );
  const passport = new Passport();
  passport.use(strategy);
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Reader, done) => done(null, user));
  const app = express();
  app.use(session({ secret: COOKIE_SECRET, resave: false, saveUninitialized: false }));
  app.use(passport.session());
  app.post('/login', express.json(), passport.authenticate('sierra-pin'), (_req, res) =>
    res.status(204).end(),
  );
  app.get('/me', (req, res) => res.status(req.user ? 200 : 401).json({ user: req.user ?? null }));
  app.all(
    '/logout',
    passportSignOut({
      strategies: [strategy],
      sessionIds: (req: Request) => (req.user as Reader | undefined)?.sessionId,
      afterLogout: '/signed-out',
    }),
  );
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(isIlsAuthError(error) ? httpStatusFor(error) : 500).json({
      code: isIlsAuthError(error) ? error.code : 'internal_error',
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close?.();
  await sierra?.close();
});

/** Signs Rita in: the session cookie, and the core session id the verify kept. */
async function signIn(): Promise<{ cookie: string; sessionId: string }> {
  const login = await fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(RITA),
  });
  expect(login.status).toBe(204);
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const me = (await (await fetch(`${url}/me`, { headers: { cookie } })).json()) as { user: Reader };
  return { cookie, sessionId: me.user.sessionId };
}

const logout = (cookie: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${url}/logout`, {
    method: init.method ?? 'POST',
    redirect: 'manual',
    headers: { cookie, ...init.headers },
  });

const meStatus = async (cookie: string) => (await fetch(`${url}/me`, { headers: { cookie } })).status;

describe('passportSignOut: the sign-out route with ilsAuth()’s rules', () => {
  test('a same-origin POST ends the core session, then Passport’s login, and answers 303 no-store', async () => {
    const { cookie, sessionId } = await signIn();
    expect(await strategy.auth.getSession(sessionId)).toBeDefined();
    const answer = await logout(cookie, { headers: { origin: url } });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/signed-out');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await strategy.auth.getSession(sessionId)).toBeUndefined();
    expect(await meStatus(cookie)).toBe(401);
  });

  test('another site’s post and a GET are refused, no-store, and end nothing', async () => {
    const { cookie, sessionId } = await signIn();
    const crossSite = await logout(cookie, { headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({ code: 'cross_site_request' });
    expect(crossSite.headers.get('cache-control')).toBe('no-store');
    const link = await logout(cookie, { method: 'GET' });
    expect(link.status).toBe(400);
    expect(await link.json()).toEqual({ code: 'invalid_request' });
    expect(await meStatus(cookie)).toBe(200);
    expect(await strategy.auth.getSession(sessionId)).toBeDefined();
  });

  test('a store that cannot answer: 503 store_unavailable, and Passport’s login ends all the same', async () => {
    const { cookie } = await signIn();
    store.switchOff();
    try {
      const answer = await logout(cookie, { headers: { origin: url } });
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ code: 'store_unavailable' });
    } finally {
      store.switchOn();
    }
    expect(await meStatus(cookie)).toBe(401);
  });
});

describe('passportSignOut: options checked once, with config_invalid naming the option', () => {
  const error = (make: () => unknown): IlsAuthError => {
    try {
      make();
    } catch (thrown) {
      expect(thrown).toMatchObject({ code: 'config_invalid' });
      return thrown as IlsAuthError;
    }
    throw new Error('expected config_invalid');
  };
  const sessionIds = () => undefined;

  test('strategies, sessionIds and afterLogout', () => {
    expect(error(() => passportSignOut({ strategies: [], sessionIds })).message).toMatch(/`strategies`/);
    expect(
      error(() => passportSignOut({ strategies: [strategy], sessionIds: 'id' as never })).message,
    ).toMatch(/`sessionIds`/);
    expect(
      error(() => passportSignOut({ strategies: [strategy], sessionIds, afterLogout: '//evil.example' }))
        .message,
    ).toMatch(/`afterLogout`/);
  });

  test('strategies that describe two sites: the same-origin check would have two answers', () => {
    const elsewhere = new ReroStrategy(
      {
        baseUrl: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
        secret: COOKIE_SECRET,
        origin: 'https://elsewhere.example',
      },
      async () => false,
    );
    expect(error(() => passportSignOut({ strategies: [strategy, elsewhere], sessionIds })).message).toMatch(
      /must agree on origin/,
    );
  });
});
