import { httpStatusFor, IlsAuthError, koha, type PatronProfile, type PatronSession } from '@ils-auth/core';
import { ilsAuth } from '@ils-auth/express';
import { IlsPinStrategy, passportSignOut, ReroStrategy, SierraPinStrategy } from '@ils-auth/passport';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { type Harness, type HarnessEnvironment, type Integration, TRUSTED_PROXY } from '../harness.js';
import { listen } from '../listen.js';
import { DESCRIPTOR_PIN_LOGINS, descriptorPinProviders, webAppOptions } from './app-options.js';

/** Where the sign-in transaction waits: express-session's `req.session`, or the sealed cookie. */
export type TransactionMode = 'session' | 'cookie';

interface SuiteUser {
  id: string;
  sessionId: string;
}

/**
 * The web options the app gives `ilsAuth()` (secret, store, throttle, client options), given as they are
 * to every strategy: one options schema, so one object configures both.
 */
function sharedWebOptions(environment: HarnessEnvironment) {
  const { providers: _providers, ...shared } = webAppOptions(environment);
  return shared;
}

function pinStrategyOptions(environment: HarnessEnvironment) {
  const { emulators } = environment;
  return { ...sharedWebOptions(environment), baseUrl: emulators.sierra.url, ...emulators.sierra.credentials };
}

function kohaStrategyOptions(environment: HarnessEnvironment) {
  const { emulators } = environment;
  const provider = koha({ baseUrl: emulators.koha.url, ...emulators.koha.credentials });
  return { ...sharedWebOptions(environment), provider };
}

function sip2StrategyOptions(environment: HarnessEnvironment) {
  return { ...sharedWebOptions(environment), provider: environment.sip2 };
}

/** `IlsPinStrategy` for FOLIO, Polaris, Symphony, Alma and Evergreen, each named as its route. */
function descriptorPinStrategies(environment: HarnessEnvironment, extra: Record<string, unknown> = {}) {
  return Object.entries(descriptorPinProviders(environment)).map(
    ([name, provider]) =>
      new IlsPinStrategy({ ...sharedWebOptions(environment), provider, name, ...extra }, pinVerify),
  );
}

function reroStrategyOptions(environment: HarnessEnvironment, mode: TransactionMode) {
  const { emulators } = environment;
  return {
    ...sharedWebOptions(environment),
    baseUrl: emulators.rero.url,
    ...emulators.rero.credentials,
    callbackURL: '/auth/rero/callback',
    transactionStore: mode,
  };
}

const pinVerify = async (profile: PatronProfile, patronSession: PatronSession): Promise<SuiteUser> => ({
  id: profile.id,
  sessionId: patronSession.id,
});

const codeVerify = async (
  _accessToken: string,
  _refreshToken: string | undefined,
  params: { patronSession: PatronSession },
  profile: PatronProfile,
): Promise<SuiteUser> => ({ id: profile.id, sessionId: params.patronSession.id });

/**
 * An Express app signing in with `SierraPinStrategy`, `IlsPinStrategy` for Koha, SIP2, FOLIO, Polaris, Symphony,
 * Alma and Evergreen, and `ReroStrategy`,
 * written as the Passport README
 * shows: with express-session and `req.logIn()` (`session` mode), or with `session: false` and the sealed
 * transaction cookie (`cookie` mode), where what the app does with `req.user` is its own business.
 */
export async function startPassportApp(
  environment: HarnessEnvironment,
  mode: TransactionMode,
): Promise<Harness> {
  const passport = new Passport();
  const strategies = [
    new SierraPinStrategy(pinStrategyOptions(environment), pinVerify),
    new IlsPinStrategy(kohaStrategyOptions(environment), pinVerify),
    new IlsPinStrategy(sip2StrategyOptions(environment), pinVerify),
    ...descriptorPinStrategies(environment),
    new ReroStrategy(reroStrategyOptions(environment, mode), codeVerify),
  ];
  for (const strategy of strategies) passport.use(strategy);
  const withSession = mode === 'session';

  const app = express();
  // Behind a proxy on this machine, as deployed sites are: X-Forwarded-For names the client.
  app.set('trust proxy', TRUSTED_PROXY);
  // The Express router beside Passport, as a site may run both (the express demo does), on the same
  // secret, store and throttle: a card is one card to both.
  app.use(ilsAuth({ ...webAppOptions(environment), basePath: '/router' }));
  if (withSession) {
    app.use(session({ secret: environment.secret, resave: false, saveUninitialized: false }));
    passport.serializeUser((user, done) => done(null, user));
    passport.deserializeUser((user: SuiteUser, done) => done(null, user));
    app.use(passport.session());
  }

  /** Passport's custom callback: a refusal answers its status, a sign-in goes on to `signedIn`. */
  const authenticate =
    (name: string, signedIn: (req: Request, res: Response, info: { returnTo?: string }) => void) =>
    (req: Request, res: Response, next: NextFunction) =>
      passport.authenticate(
        name,
        { session: withSession },
        (
          error: unknown,
          user: SuiteUser | false,
          info: { returnTo?: string } | undefined,
          status?: number,
        ) => {
          if (error) return next(error);
          if (!user) return res.status(status ?? 401).json({ error: info });
          if (!withSession) return signedIn(req, res, info ?? {});
          req.logIn(user, (loginError) => (loginError ? next(loginError) : signedIn(req, res, info ?? {})));
        },
      )(req, res, next);

  app.post(
    '/auth/card/login',
    express.json(),
    authenticate('sierra-pin', (req, res) => res.json({ patronId: (req.user as SuiteUser | undefined)?.id })),
  );
  app.post(
    '/auth/koha/login',
    express.json(),
    authenticate('koha', (req, res) => res.json({ patronId: (req.user as SuiteUser | undefined)?.id })),
  );
  app.post(
    '/auth/sip2/login',
    express.json(),
    authenticate('sip2', (req, res) => res.json({ patronId: (req.user as SuiteUser | undefined)?.id })),
  );
  for (const [name, route] of Object.entries(DESCRIPTOR_PIN_LOGINS)) {
    app.post(
      route,
      express.json(),
      authenticate(name, (req, res) => res.json({ patronId: (req.user as SuiteUser | undefined)?.id })),
    );
  }
  app.get('/auth/rero/login', (req, res, next) => {
    // `returnTo` is this package's option, unknown to @types/passport.
    const options = { session: withSession, returnTo: req.query.returnTo };
    passport.authenticate('rero', options)(req, res, next);
  });
  app.get(
    '/auth/rero/callback',
    authenticate('rero', (_req, res, info) => res.redirect(303, info.returnTo ?? '/')),
  );
  app.get('/me', (req, res) => {
    const user = req.user as SuiteUser | undefined;
    if (user) res.json({ patronId: user.id });
    else res.status(401).json({ error: 'session_expired' });
  });
  // The README's sign-out: same-origin POST only, no-store, the ils-auth session ended, then req.logout().
  app.post(
    '/auth/logout',
    passportSignOut({
      strategies,
      sessionIds: (req: Request) => (req.user as SuiteUser | undefined)?.sessionId,
    }),
  );
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const code = error instanceof IlsAuthError ? error.code : 'internal_error';
    res.status(error instanceof IlsAuthError ? httpStatusFor(error) : 500).json({ error: code });
  });

  const server = await listen(app);
  return {
    url: server.url,
    pinLogin: '/auth/card/login',
    kohaPinLogin: '/auth/koha/login',
    sip2PinLogin: '/auth/sip2/login',
    descriptorPinLogins: DESCRIPTOR_PIN_LOGINS,
    codeLogin: '/auth/rero/login',
    logout: withSession ? '/auth/logout' : undefined,
    patron: withSession ? '/me' : undefined,
    sessionCookie: withSession ? 'connect.sid' : undefined,
    cataloguePatron: undefined,
    secondIntegrationPinLogin: '/router/card/login',
    close: server.close,
  };
}

/** Both strategies' constructors, for the unknown-option scenario. */
export function passportConstructors(mode: TransactionMode): Integration['constructors'] {
  return {
    SierraPinStrategy: async (environment, extra) => {
      new SierraPinStrategy({ ...pinStrategyOptions(environment), ...extra }, pinVerify);
    },
    'IlsPinStrategy (koha)': async (environment, extra) => {
      new IlsPinStrategy({ ...kohaStrategyOptions(environment), ...extra }, pinVerify);
    },
    'IlsPinStrategy (sip2)': async (environment, extra) => {
      new IlsPinStrategy({ ...sip2StrategyOptions(environment), ...extra }, pinVerify);
    },
    'IlsPinStrategy (folio, polaris, symphony, alma, evergreen)': async (environment, extra) => {
      descriptorPinStrategies(environment, extra);
    },
    ReroStrategy: async (environment, extra) => {
      new ReroStrategy({ ...reroStrategyOptions(environment, mode), ...extra }, codeVerify);
    },
  };
}
