import type { AddressInfo } from 'node:net';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import express from 'express';
import passport from 'passport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureRedirectFor, SierraPinStrategy } from './index.js';
import { COOKIE_SECRET } from './testing/flows.js';

const RITA = { barcode: '21913000000001', pin: '1234' };

let sierra: SierraEmulator;
let server: ReturnType<express.Express['listen']>;
let origin: string;

// The recipe of the README: a custom callback sends a page to the form with a code, a JSON client gets JSON.
beforeAll(async () => {
  sierra = await startSierra();
  const auth = new passport.Passport();
  auth.use(
    new SierraPinStrategy(
      { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET, name: 'sierra' },
      async (profile) => ({ id: profile.id }),
    ),
  );
  auth.use(
    'blocked',
    new SierraPinStrategy(
      { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET },
      (_profile, _session, done) =>
        done(null, false, { message: 'your card has expired', code: 'card_expired' }),
    ),
  );
  auth.use(
    'confused',
    new SierraPinStrategy(
      { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET },
      (_profile, _session, done) => done(null, false, { message: 'refused', code: 'invalid_client' }),
    ),
  );
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post('/login/:name', (req, res, next) =>
    auth.authenticate(
      req.params.name!,
      { session: false },
      (error: unknown, user: unknown, info: unknown, status?: number) => {
        if (error) return next(error);
        if (user) return res.json({ user });
        const page = failureRedirectFor(req, info, {
          failureRedirect: '/login',
          provider: req.params.name!,
          returnTo: req.body.returnTo,
        });
        if (page) return res.redirect(303, page);
        res.status(status ?? 401).json(info);
      },
    )(req, res, next),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await sierra.close();
});

const submit = (name: string, fields: Record<string, string>, accept = 'text/html,application/xhtml+xml') =>
  fetch(`${origin}/login/${name}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, accept, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

describe('failureRedirectFor(req, info, { failureRedirect }): failed sign-ins with a safe code', () => {
  it('a form post with a wrong PIN goes back to the form with the code, the strategy and where it was going', async () => {
    const answer = await submit('sierra', { ...RITA, pin: '0000', returnTo: '/account' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(
      '/login?error=invalid_credentials&provider=sierra&returnTo=%2Faccount',
    );
  });

  it('a JSON client gets the failure as JSON with its status', async () => {
    const answer = await submit('sierra', { ...RITA, pin: '0000' }, 'application/json');
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it("the verify's own reason is shown; one of ils-auth's inner codes, a foreign returnTo and the message are not", async () => {
    const blocked = await submit('blocked', { ...RITA, returnTo: '//evil.example/' });
    expect(blocked.headers.get('location')).toBe('/login?error=card_expired&provider=blocked');
    const confused = await submit('confused', RITA);
    expect(confused.headers.get('location')).toBe('/login?error=sign_in_failed&provider=confused');
  });

  it('refuses a failureRedirect that is not a path on this site', () => {
    expect(() =>
      failureRedirectFor({ headers: {} } as never, {}, { failureRedirect: 'https://evil.example/' }),
    ).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});
