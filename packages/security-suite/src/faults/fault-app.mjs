// One application process of the fault suite: an integration (Express router, Passport with
// express-session, NestJS guards) written as its README shows, with Sierra PIN sign-in on a RedisStore that
// several such processes share. Plain JavaScript run by node itself, so that each process is an app as
// deployed (the built packages, no test runner). Started by app-process.ts with its settings as JSON in
// argv[2]; says `{ port }` over IPC when it listens, and exits when told 'exit'.
//
// Routes, the same in each: POST /auth/card/login (JSON barcode and pin), GET /me (200 while signed in,
// 401 when not), POST /auth/logout.
import 'reflect-metadata';
import { httpStatusFor, IlsAuthError, sierra } from '@ils-auth/core';
import { RedisStore } from '@ils-auth/redis';

const settings = JSON.parse(process.argv[2]);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const store = new RedisStore({
  url: settings.redisUrl,
  keyPrefix: 'faults:',
  encryptionKey: settings.encryptionKey,
  logger: silent,
});
const sierraOptions = { baseUrl: settings.sierra.url, ...settings.sierra.credentials };
const shared = {
  secret: settings.secret,
  store,
  processes: settings.processes,
  throttle: settings.throttle,
  // Shorter than the default 5 minutes, as an application may choose: every integration takes it.
  sessionOutageGraceSeconds: 120,
};
// With `mapsUsers`, the router and the module map each patron to an app user (kept in the store beside the
// session and read on every request): the outage rule must hold for that read too.
const callbacks = settings.mapsUsers
  ? { callbacks: { signIn: ({ patron }) => ({ user: { id: `user-${patron.patronId}` } }) } }
  : {};

const starters = { express: startExpress, passport: startPassport, nestjs: startNest };
const { port, close } = await starters[settings.integration]();
process.send({ port });
process.on('message', async (message) => {
  if (message !== 'exit') return;
  await close();
  await store.close();
  process.exit(0);
});

async function listen(app) {
  const server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

async function startExpress() {
  const { default: express } = await import('express');
  const { ilsAuth, ilsAuthErrorHandler, requirePatron } = await import('@ils-auth/express');
  const app = express();
  app.use(ilsAuth({ ...shared, providers: { card: { provider: sierra(sierraOptions), signIn: 'pin' } } }));
  app.get('/me', requirePatron({ respond: 'json' }), (req, res) => {
    res.json({ patronId: req.patron.patronId });
  });
  app.use(ilsAuthErrorHandler({ logger: silent }));
  return listen(app);
}

// The Passport README's multi-provider app, reduced to one PIN strategy: express-session keeps the core
// session id, and every request asks core for the session (`strategy.auth.getSession`).
async function startPassport() {
  const { default: express } = await import('express');
  const { default: session } = await import('express-session');
  const { Passport } = await import('passport');
  const { SierraPinStrategy } = await import('@ils-auth/passport');
  const passport = new Passport();
  const strategy = new SierraPinStrategy({ ...sierraOptions, ...shared }, (profile) =>
    Promise.resolve(profile),
  );
  passport.use(strategy);
  const app = express();
  app.use(session({ secret: settings.secret, resave: false, saveUninitialized: false }));
  app.post('/auth/card/login', express.json(), (req, res, next) =>
    passport.authenticate('sierra-pin', { session: false }, (error, profile, info, status) => {
      if (error) return next(error);
      if (!profile || !info?.patronSession) return res.status(status ?? 401).json(info);
      req.session.regenerate((regenerateError) => {
        if (regenerateError) return next(regenerateError);
        req.session.patronSession = info.patronSession.id;
        res.json({ patronId: profile.id });
      });
    })(req, res, next),
  );
  app.get('/me', async (req, res) => {
    const id = req.session.patronSession;
    const patronSession = id === undefined ? undefined : await strategy.auth.getSession(id);
    if (patronSession) return res.json({ patronId: patronSession.patronId });
    delete req.session.patronSession;
    res.status(401).json({ error: 'session_expired' });
  });
  app.post('/auth/logout', async (req, res) => {
    const id = req.session.patronSession;
    if (id !== undefined) await strategy.auth.logout(id);
    req.session.destroy(() => res.status(204).end());
  });
  // As an app's own error handler would: core's status for the code, and its Retry-After.
  app.use((error, _req, res, _next) => {
    const known = error instanceof IlsAuthError;
    if (known && error.retryAfter !== undefined) res.set('retry-after', String(Math.ceil(error.retryAfter)));
    res.status(known ? httpStatusFor(error) : 500).json({ error: known ? error.code : 'internal_error' });
  });
  return listen(app);
}

// The NestJS README's guards on the Express platform. Decorators applied as functions: this file is run by
// node as it is, without a compiler.
async function startNest() {
  const { Controller, Get, HttpCode, Inject, Module, Post, Req, Res, UseGuards } = await import(
    '@nestjs/common'
  );
  const { NestFactory } = await import('@nestjs/core');
  const { IlsAuthExceptionFilter, IlsAuthModule, IlsAuthService, IlsLoginGuard, Patron, PatronGuard } =
    await import('@ils-auth/nestjs');

  class FaultController {
    constructor(ils) {
      this.ils = ils;
    }
    login(patron) {
      return { patronId: patron.patronId };
    }
    me(patron) {
      return { patronId: patron.patronId };
    }
    async logout(req, res) {
      await this.ils.logout(req, res);
    }
  }
  const parameter = (decorator, index) => (target, key) => decorator(target, key, index);
  const decorate = (name, decorators) =>
    Reflect.decorate(
      decorators,
      FaultController.prototype,
      name,
      Object.getOwnPropertyDescriptor(FaultController.prototype, name),
    );
  decorate('login', [
    Post('auth/card/login'),
    HttpCode(200),
    UseGuards(IlsLoginGuard('card')),
    parameter(Patron(), 0),
  ]);
  decorate('me', [Get('me'), UseGuards(PatronGuard), parameter(Patron(), 0)]);
  decorate('logout', [
    Post('auth/logout'),
    HttpCode(204),
    parameter(Req(), 0),
    parameter(Res({ passthrough: true }), 1),
  ]);
  Inject(IlsAuthService)(FaultController, undefined, 0);
  Controller()(FaultController);

  class FaultModule {}
  Module({
    imports: [
      IlsAuthModule.forRoot({
        ...shared,
        ...callbacks,
        providers: { card: { provider: sierra(sierraOptions), signIn: 'pin' } },
      }),
    ],
    controllers: [FaultController],
  })(FaultModule);

  const app = await NestFactory.create(FaultModule, { logger: false });
  app.useGlobalFilters(new IlsAuthExceptionFilter());
  await app.listen(0, '127.0.0.1');
  return { port: app.getHttpServer().address().port, close: () => app.close() };
}
