import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { IlsAuthError, sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ilsAuthErrorHandler } from './error-handler.js';
import { ilsAuth } from './ils-auth.js';
import { requirePatron } from './require-patron.js';
import { TEST_SECRET } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
let emulator: SierraEmulator;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator.close();
});

async function listen(app: express.Express) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function providers() {
  const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  return { sierra: provider, pin: { provider, signIn: 'pin' as const, loginPage: '/sign-in' } };
}

describe('the router in an app', () => {
  it('works mounted below the root: routes and redirects carry the mount path', async () => {
    const app = express();
    const portal = express.Router();
    portal.use(ilsAuth({ providers: providers(), secret: TEST_SECRET, basePath: '/login' }));
    portal.get('/account', requirePatron(), (req, res) => {
      res.json({ patron: req.patron, logout: req.ils!.logoutUrl });
    });
    app.use('/portal', portal);
    app.use(ilsAuthErrorHandler());
    const server = await listen(app);
    try {
      const browser = new Browser();
      const guard = await browser.request(`${server.url}/portal/account`);
      expect(guard.location).toBe(`${server.url}/portal/login/sierra/login?returnTo=%2Fportal%2Faccount`);
      const start = await browser.request(guard.location!);
      expect(new URL(start.location!).searchParams.get('redirect_uri')).toBe(
        `${server.url}/portal/login/sierra/callback`,
      );
      expect(start.setCookies[0]).toMatch(/; Path=\/portal\/login\/sierra\/callback;/);

      const signedIn = await browser.submit(`${server.url}/portal/login/pin/login`, {
        ...RITA,
        returnTo: '/portal/account',
      });
      expect(signedIn.url).toBe(`${server.url}/portal/account`);
      expect(JSON.parse(signedIn.body)).toMatchObject({
        patron: { provider: 'pin', patronId: '1000001' },
        logout: '/portal/login/logout',
      });
    } finally {
      await server.close();
    }
  });

  it('lives next to express-session without touching it', async () => {
    const app = express();
    app.use(session({ secret: TEST_SECRET, resave: false, saveUninitialized: false }));
    app.use(ilsAuth({ providers: providers(), secret: TEST_SECRET }));
    app.post('/cart', (req, res) => {
      (req.session as unknown as { cart: string[] }).cart = ['book'];
      res.json({ ok: true });
    });
    app.get('/cart', requirePatron(), (req, res) => {
      res.json({ cart: (req.session as unknown as { cart?: string[] }).cart, patron: req.patron?.patronId });
    });
    app.use(ilsAuthErrorHandler());
    const server = await listen(app);
    try {
      const browser = new Browser();
      await browser.request(`${server.url}/cart`, { method: 'POST' });
      expect(browser.cookie('connect.sid')).toBeDefined();
      await browser.request(`${server.url}/auth/pin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(RITA),
      });
      const cart = await browser.request(`${server.url}/cart`, { headers: { accept: 'application/json' } });
      expect(JSON.parse(cart.body)).toEqual({ cart: ['book'], patron: '1000001' });
      // The two cookies are separate: the app's session never holds patron tokens.
      expect(browser.cookie('ils_session')!.value).toMatch(/^pin\./);
    } finally {
      await server.close();
    }
  });

  it('requirePatron: respond "json", respond "redirect", a custom loginUrl and a custom patron source', async () => {
    const app = express();
    app.use(ilsAuth({ providers: providers(), secret: TEST_SECRET }));
    app.get('/json-only', requirePatron({ respond: 'json' }), (_req, res) => {
      res.send('in');
    });
    app.get('/always-redirect', requirePatron({ respond: 'redirect' }), (_req, res) => {
      res.send('in');
    });
    app.get('/custom', requirePatron({ loginUrl: '/welcome?lang=fr' }), (_req, res) => {
      res.send('in');
    });
    app.get('/pin', requirePatron({ provider: 'pin' }), (_req, res) => {
      res.send('in');
    });
    app.get('/header-user', requirePatron({ patron: (req) => req.get('x-test-user') }), (_req, res) => {
      res.send('in');
    });
    app.post('/post', requirePatron(), (_req, res) => {
      res.send('in');
    });
    app.use(requirePatron({ respond: 'redirect' }));
    app.use(ilsAuthErrorHandler());
    const server = await listen(app);
    try {
      const browser = new Browser();
      const json = await browser.request(`${server.url}/json-only`, { headers: { accept: 'text/html' } });
      expect(json.status).toBe(401);
      expect(JSON.parse(json.body)).toEqual({
        error: { code: 'session_expired', message: 'sign in to continue' },
      });
      const redirect = await browser.request(`${server.url}/always-redirect`, {
        headers: { accept: 'application/json' },
      });
      expect(redirect.status).toBe(302);
      const custom = await browser.request(`${server.url}/custom?x=1`);
      expect(custom.location).toBe(`${server.url}/welcome?lang=fr&returnTo=%2Fcustom%3Fx%3D1`);
      const pin = await browser.request(`${server.url}/pin`);
      expect(pin.location).toBe(`${server.url}/sign-in?returnTo=%2Fpin`);
      const user = await browser.request(`${server.url}/header-user`, {
        headers: { 'x-test-user': 'someone' },
      });
      expect(user.body).toBe('in');
      const post = await browser.request(`${server.url}/post`, { method: 'POST' });
      expect(post.status).toBe(401);
      // A request line starting with "//" does not become an off-site returnTo.
      const sneaky = await browser.request(`${server.url}//evil.example/account`);
      expect(sneaky.status).toBe(302);
      expect(sneaky.location).toBe(`${server.url}/auth/sierra/login?returnTo=%2F`);
    } finally {
      await server.close();
    }
  });

  it('pages pass the router in one step, and every request the router has a route for still reaches it', async () => {
    const app = express();
    const auth = ilsAuth({ providers: providers(), secret: TEST_SECRET });
    app.use(auth);
    app.get('/page', (req, res) => {
      res.json({ patron: req.patron?.patronId ?? null, ils: req.ils !== undefined, mount: req.baseUrl });
    });
    const server = await listen(app);
    try {
      const browser = new Browser();
      expect(JSON.parse((await browser.request(`${server.url}/page`)).body)).toEqual({
        patron: null,
        ils: true,
        mount: '',
      });
      // Express matches paths case-insensitively by default: so does the shortcut.
      const upper = await browser.request(`${server.url}/AUTH/sierra/login?returnTo=%2Fpage`);
      expect(upper.status).toBe(302);
      expect(new URL(upper.location!).pathname).toBe('/iii/sierra-api/authorize');
      await browser.submit(`${server.url}/auth/pin/login`, { ...RITA, returnTo: '/page' });
      expect(JSON.parse((await browser.request(`${server.url}/page`)).body)).toMatchObject({
        patron: '1000001',
      });

      // A route the app adds to the router itself, outside `basePath`, is reached too.
      auth.get('/own/route', (req, res) => {
        res.json({ own: true, patron: req.patron?.patronId ?? null });
      });
      expect(JSON.parse((await browser.request(`${server.url}/own/route`)).body)).toEqual({
        own: true,
        patron: '1000001',
      });
      // And an unknown path under `basePath` still falls through to the app (its 404 here).
      expect((await browser.request(`${server.url}/auth/nothing-here`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("errors reach Express's own error handling as IlsAuthErrors carrying the status to answer", async () => {
    const app = express();
    app.use(ilsAuth({ providers: providers(), secret: TEST_SECRET }));
    const seen: unknown[] = [];
    const server = await listen(app);
    // A second app whose own error handler records what it receives.
    const recording = express();
    recording.use(ilsAuth({ providers: providers(), secret: TEST_SECRET }));
    recording.use(
      (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        seen.push(error);
        res.status(599).end();
      },
    );
    const recorder = await listen(recording);
    try {
      const wrongPin = { barcode: RITA.barcode, pin: '0000' };
      // Express's default handler answers with the error's status.
      const answer = await new Browser().submit(`${server.url}/auth/pin/login`, wrongPin);
      expect(answer.status).toBe(401);
      expect(answer.body).not.toContain('0000');
      const forged = await new Browser().request(`${server.url}/auth/sierra/callback?code=x&state=y`);
      expect(forged.status).toBe(403);

      await new Browser().submit(`${recorder.url}/auth/pin/login`, wrongPin);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(IlsAuthError);
      expect(seen[0]).toMatchObject({ code: 'invalid_credentials', status: 401, provider: 'sierra' });
    } finally {
      await server.close();
      await recorder.close();
    }
  });

  it('req.patron and req.ils never show the session id or a secret', async () => {
    const app = express();
    app.use(ilsAuth({ providers: providers(), secret: TEST_SECRET }));
    app.get('/dump', (req, res) => {
      res.json({
        json: JSON.stringify(req.patron),
        inspected: inspect(req.patron, { showHidden: true, depth: 5 }),
        context: inspect(req.ils, { showHidden: true, depth: 5 }) + JSON.stringify(req.ils),
        sessionId: req.patron?.sessionId,
      });
    });
    const server = await listen(app);
    try {
      const browser = new Browser();
      await browser.request(`${server.url}/auth/pin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(RITA),
      });
      const dump = JSON.parse((await browser.request(`${server.url}/dump`)).body);
      const sessionId = browser.cookie('ils_session')!.value.split('.')[1]!;
      expect(dump.sessionId).toBe(sessionId);
      expect(dump.json).toContain('Reader, Rita');
      for (const text of [dump.json, dump.inspected, dump.context]) {
        expect(text).not.toContain(sessionId);
        expect(text).not.toContain(TEST_SECRET);
        expect(text).not.toContain(emulator.credentials.clientSecret);
      }
    } finally {
      await server.close();
    }
  });
});
