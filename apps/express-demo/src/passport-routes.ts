import type { MemoryStore, PatronProfile } from '@ils-auth/core';
import type { AllEmulators } from '@ils-auth/emulator';
import { requirePatron, safeReturnTo } from '@ils-auth/express';
import { type FailureInfo, passportSignOut, SierraPinStrategy } from '@ils-auth/passport';
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
 * (path /passport), so it stays independent of the ilsAuth router's session; its PIN throttle is the
 * router's, since both are given the same secret and store.
 */
export function passportRoutes(options: {
  emulators: AllEmulators;
  secret: string;
  store: MemoryStore;
}): Router {
  const { emulators, secret, store } = options;
  const authenticator = new passport.Passport();
  const strategy = new SierraPinStrategy(
    {
      baseUrl: emulators.sierra.url,
      ...emulators.sierra.credentials,
      // The router's secret and store: a card's wrong PINs count in one throttle, whichever form they use.
      secret,
      store,
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
      (error: unknown, user: PassportPatron | false, info: FailureInfo | undefined, status?: number) => {
        if (error) return next(error); // an IlsAuthError: Sierra down, timeout, …
        // Our words, not what was typed: the page never repeats the PIN.
        if (!user) return form(req, res, FAILURE_TEXT[info?.code ?? ''] ?? 'Sign-in failed.', status ?? 401);
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

  // Core's sign-out rules: a same-origin POST only, no-store, the core session ended, then req.logout().
  router.post(
    '/logout',
    passportSignOut({ strategies: [strategy], sessionIds: (req: Request) => userOf(req)?.sessionId }),
  );
  return router;
}

/** Our words for a refusal, never what was typed: the page never repeats the PIN. */
const FAILURE_TEXT: Readonly<Record<string, string>> = {
  invalid_credentials: 'That card number and PIN do not match our records.',
  cross_site_request: 'Sign-in must come from this site.',
  rate_limited: 'Too many attempts for this card: wait a while and try again.',
};
