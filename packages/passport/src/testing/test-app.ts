import { createServer } from 'node:http';
import { listenOnLoopback } from '@ils-auth/test-support';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import type { PassportStrategyLike } from '../strategy-base.js';

/** What reached the app through passport's custom callback, kept as objects for the tests. */
export interface Outcome {
  kind: 'success' | 'fail' | 'error';
  error?: unknown;
  user?: unknown;
  info?: unknown;
  status?: unknown;
}

export interface TestApp {
  /** `http://127.0.0.1:PORT` */
  url: string;
  outcomes: Outcome[];
  close(): Promise<void>;
}

/**
 * A real Express 5 app with a passport instance of its own:
 * - `GET /auth/:name` and `GET /auth/:name/callback`: the code flow, with a custom callback that answers JSON
 *   of what reached the app (and records it in `outcomes`);
 * - `POST /login/:name`: the PIN form (urlencoded or JSON), same custom callback;
 * - with `session: true`, express-session and passport's own session login: `GET /std/:name` and
 *   `/std/:name/callback` (code flow), `POST /std/:name/login` (PIN form), `GET /me` (req.user).
 */
export async function startTestApp(options: {
  strategies: PassportStrategyLike[];
  session?: boolean;
  /** Express's `trust proxy` setting: `true`, or the addresses of the trusted proxies. */
  trustProxy?: boolean | string;
}): Promise<TestApp> {
  const app = express();
  if (options.trustProxy) app.set('trust proxy', options.trustProxy);
  const auth = new passport.Passport();
  for (const strategy of options.strategies) auth.use(strategy as passport.Strategy);
  const outcomes: Outcome[] = [];

  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());
  if (options.session) {
    app.use(
      session({
        secret: 'test-session-secret-of-some-length',
        resave: false,
        saveUninitialized: false,
        cookie: { sameSite: 'lax', httpOnly: true },
      }),
    );
    app.use(auth.initialize());
    app.use(auth.session());
    auth.serializeUser((user, done) => done(null, user));
    auth.deserializeUser((user: Express.User, done) => done(null, user));
  }

  const customCallback =
    (res: express.Response, next: express.NextFunction) =>
    (error: unknown, user?: unknown, info?: unknown, status?: unknown) => {
      try {
        const outcome: Outcome = error
          ? { kind: 'error', error }
          : user
            ? { kind: 'success', user, info }
            : { kind: 'fail', info, status };
        outcomes.push(outcome);
        const httpStatus =
          outcome.kind === 'success' ? 200 : outcome.kind === 'error' ? 500 : Number(status ?? 401);
        res.status(httpStatus).json(outcome);
      } catch (problem) {
        next(problem);
      }
    };

  const run =
    (authOptions: (req: express.Request) => Record<string, unknown>) =>
    (req: express.Request, res: express.Response, next: express.NextFunction) =>
      auth.authenticate(
        String(req.params.name),
        { session: false, ...authOptions(req) },
        customCallback(res, next),
      )(req, res, next);

  // `?returnTo=` and `?scope=` become authenticate() options, as an app would pass them per route.
  const startOptions = (req: express.Request) => {
    const { returnTo, scope } = req.query;
    return {
      ...(typeof returnTo === 'string' ? { returnTo } : {}),
      ...(typeof scope === 'string' ? { scope } : {}),
    };
  };
  app.get('/auth/:name', run(startOptions));
  app.get(
    '/auth/:name/callback',
    run(() => ({})),
  );
  app.post(
    '/login/:name',
    run(() => ({})),
  );

  if (options.session) {
    app.get('/std/:name', (req, res, next) => auth.authenticate(String(req.params.name))(req, res, next));
    app.get(
      '/std/:name/callback',
      (req, res, next) =>
        auth.authenticate(String(req.params.name), { failureRedirect: '/failed' })(req, res, next),
      (req, res) => {
        res.json({ user: req.user, authInfo: req.authInfo, sessionId: req.sessionID });
      },
    );
    app.post(
      '/std/:name/login',
      (req, res, next) =>
        auth.authenticate(String(req.params.name), { failureRedirect: '/failed' })(req, res, next),
      (req, res) => {
        res.json({ user: req.user, authInfo: req.authInfo });
      },
    );
    app.get('/me', (req, res) => {
      res.json({ user: req.user ?? null });
    });
  }

  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    outcomes.push({ kind: 'error', error });
    res.status(500).json({ kind: 'error', error });
  });

  const { url, close } = await listenOnLoopback(createServer(app));
  return { url, outcomes, close };
}
