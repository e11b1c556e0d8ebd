import type { MemoryStore, PatronProfile } from '@ils-auth/core';
import { assertSameOrigin, publicOrigin, type WebRequest } from '@ils-auth/core/web';
import type { AllEmulators } from '@ils-auth/emulator';
import { type IlsAuthRouter, requirePatron, safeReturnTo } from '@ils-auth/express';
import { SierraPinStrategy } from '@ils-auth/passport';
import express, { type Request, type Response, Router } from 'express';
import session from 'express-session';
import passport from 'passport';
import { type Html, html, page } from './html.js';
import { profileTable } from './pages.js';

/** What Passport keeps in express-session: the core session id, never a PIN or token. */
interface PassportPatron {
  patronId: string;
  name: string | undefined;
  sessionId: string;
}

declare module 'express-session' {
  interface SessionData {
    returnTo?: string;
  }
}

/**
 * `/passport/*`: the same Sierra, signed in through `@ils-auth/passport`'s SierraPinStrategy and kept in
 * express-session, to show that integration in the same site. Its own Passport instance and session cookie
 * (path /passport), so it stays independent of the ilsAuth router's session.
 */
export function passportRoutes(options: {
  emulators: AllEmulators;
  secret: string;
  store: MemoryStore;
  auth: IlsAuthRouter;
}): Router {
  const { emulators, secret, store, auth } = options;
  const authenticator = new passport.Passport();
  const strategy = new SierraPinStrategy(
    {
      baseUrl: emulators.sierra.url,
      ...emulators.sierra.credentials,
      store,
      // Shares the router's app client: one Sierra app token for the whole site.
      appClient: auth.client('sierra'),
    },
    async (profile: PatronProfile, patronSession) => ({
      patronId: profile.id,
      name: profile.name,
      sessionId: patronSession.id,
    }),
  );
  authenticator.use(strategy);
  authenticator.serializeUser((user, done) => done(null, user));
  authenticator.deserializeUser((user: Express.User, done) => done(null, user));

  const router = Router();
  router.use(
    session({
      name: 'demo_passport_session',
      secret,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', path: '/passport' },
    }),
  );
  // Login CSRF: another site must not post into this browser's Passport session. The PIN strategy refuses
  // cross-site sign-in posts itself; the sign-out post is the app's own route, so it asks core's rule too.
  router.post('/{*path}', (req, res, next) => {
    if (isCrossSite(req)) {
      res
        .status(403)
        .type('html')
        .send(page({ title: 'Refused', body: html`<p>Sign-in and sign-out must come from this site.</p>` }));
      return;
    }
    next();
  });
  router.use(authenticator.initialize());
  router.use(authenticator.session());

  const userOf = (req: Request) => req.user as PassportPatron | undefined;
  const send = (req: Request, res: Response, title: string, body: Html, status = 200) => {
    const user = userOf(req);
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        page({
          title,
          body,
          signedInAs: user && {
            name: user.name ?? user.patronId,
            via: 'Passport',
            logoutAction: '/passport/logout',
          },
        }),
      );
  };
  const form = (req: Request, res: Response, error?: string, status = 200) =>
    send(
      req,
      res,
      'Passport: Sierra card number + PIN',
      html`${error ? html`<section class="error" id="error"><p>${error}</p></section>` : ''}
<section><p>This form is handled by Passport with <code>SierraPinStrategy</code>; the session is express-session's.</p>
<form method="post" action="/passport/sierra-pin" id="pin-form">
<label>Card number <input name="barcode" id="barcode" autocomplete="username" required></label>
<label>PIN <input name="pin" id="pin" type="password" autocomplete="current-password" required></label>
<button id="sign-in">Sign in</button></form></section>`,
      status,
    );

  router.get('/sierra-pin', (req, res) => {
    req.session.returnTo = safeReturnTo(req.query.returnTo, '/passport/account');
    form(req, res);
  });
  router.post('/sierra-pin', express.urlencoded({ extended: false, limit: '8kb' }), (req, res, next) => {
    authenticator.authenticate(
      'sierra-pin',
      (
        error: unknown,
        user: PassportPatron | false,
        info: { message?: string } | undefined,
        status?: number,
      ) => {
        if (error) return next(error); // an IlsAuthError: Sierra down, timeout, …
        // Our words, not what was typed: the page never repeats the PIN.
        if (!user)
          return form(
            req,
            res,
            info?.message ? 'That card number and PIN do not match our records.' : 'Sign-in failed.',
            status ?? 401,
          );
        const returnTo = safeReturnTo(req.session.returnTo, '/passport/account');
        req.logIn(user, (loginError) => {
          if (loginError) return next(loginError);
          res.redirect(303, returnTo);
        });
      },
    )(req, res, next);
  });

  router.get(
    '/account',
    requirePatron({ patron: (req) => req.user, loginUrl: '/passport/sierra-pin' }),
    async (req, res, next) => {
      try {
        const user = userOf(req) as PassportPatron;
        // The profile as core holds it for this session (Sierra PIN sessions use the app token).
        const profile = await strategy.auth.profile(user.sessionId);
        send(
          req,
          res,
          'Your account (Passport)',
          html`<section><p>Signed in through <strong id="signed-in-with">Passport</strong> (SierraPinStrategy).</p></section>
<section><h2>Your profile</h2>${profileTable(profile)}</section>
<section><form method="post" action="/passport/logout"><button>Sign out</button></form></section>`,
        );
      } catch (error) {
        next(error);
      }
    },
  );

  router.post('/logout', async (req, res, next) => {
    try {
      const user = userOf(req);
      if (user) await strategy.auth.logout(user.sessionId);
      req.logout((error) => (error ? next(error) : res.redirect(303, '/')));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** Core's same-origin rule (Origin, then Sec-Fetch-Site, then Referer) against this site's validated origin. */
function isCrossSite(req: Request): boolean {
  const request: WebRequest = {
    method: req.method,
    url: req.originalUrl,
    headers: req.headers,
    ip: req.ip,
    secure: req.secure,
  };
  try {
    assertSameOrigin(request, publicOrigin(request, undefined));
    return false;
  } catch {
    return true;
  }
}
