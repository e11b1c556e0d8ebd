// The NestJS-on-Fastify app of benchmark 2 on Fastify (and of profile-guard.mjs --platform fastify), in its
// own process: the same handler behind @ils-auth/nestjs's PatronGuard calling Sierra through the module's
// app client, with no auth calling Sierra with bare fetch() and a fixed token, and behind Passport with a
// session (the peer). Started by lib/app-process.mjs, which passes it the emulator's address.
//
// The peer is what a Nest-on-Fastify app uses for "Passport with express-session": @nestjs/passport's
// AuthGuard over the `passport` library itself, with @fastify/session, the Fastify port of express-session
// (a signed session-id cookie, the session in a server-side store, its MemoryStore by default, the same
// `resave`/`saveUninitialized`-style options). @fastify/secure-session would keep the session in an
// encrypted cookie instead (no store, a decryption per request), and @fastify/passport is a fork of
// Passport with a Fastify plugin API: either would measure something else than the Express bench's peer.
// Passport's own SessionStrategy passes instead of succeeding (it sets `req.user` and calls `pass()`), and
// AuthGuard then writes `request.user = undefined`; so the strategy below does what `passport.session()`
// does (the user's id from the session, `passport.deserializeUser()`) in AuthGuard's success/fail contract.
//
// The session plugin's cookie path is /passport, so @fastify/session loads sessions only there (as
// express-session mounted on the /passport router in lib/express-app.mjs); @fastify/cookie, which it needs,
// parses the Cookie header of every request of the app, the no-auth route's included.
//
// Plain JavaScript, so the decorators are applied by hand (Reflect.decorate), as TypeScript would emit them.
import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { createClient, sierra } from '@ils-auth/core';
import { IlsAuthModule, IlsAuthService, IlsLoginGuard, PatronGuard } from '@ils-auth/nestjs';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import passport from 'passport';
import { answerAppProcess } from './app-control.mjs';

const { sierraUrl, clientId, clientSecret } = JSON.parse(process.argv[2]);
const provider = sierra({ baseUrl: sierraUrl, clientId, clientSecret });
const bibUrl = `${sierraUrl}/v6/bibs/1000004`;
// The no-auth route's fixed header: a token fetched once, as a hand-written integration would.
const fixedAuthorization = `Bearer ${await createClient(provider).getToken()}`;
const sharedClient = createClient(provider);

const send = async (reply, response) => {
  reply
    .status(response.status)
    .type('application/json')
    .send(Buffer.from(await response.arrayBuffer()));
};
const bareFetch = () => fetch(bibUrl, { headers: { authorization: fixedAuthorization } });

// The peer's user, its session strategy and its sign-in (a strategy would have checked a password first).
const users = new Map([['1000001', { id: '1000001', name: 'Patron, Test' }]]);
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, users.get(id) ?? false));
class SessionUserStrategy extends passport.Strategy {
  name = 'session-user';
  authenticate(req) {
    const id = req.session?.passport?.user;
    if (id === undefined) return this.fail(401);
    passport.deserializeUser(id, req, (error, user) =>
      error ? this.error(error) : user ? this.success(user) : this.fail(401),
    );
  }
}
class OneUserStrategy extends passport.Strategy {
  name = 'one-user';
  authenticate() {
    this.success(users.get('1000001'));
  }
}
passport.use(new SessionUserStrategy());
passport.use(new OneUserStrategy());
const SessionGuard = AuthGuard('session-user');
/** The guides' login guard: the strategy, then `logIn()` into the session. */
class LoginGuard extends AuthGuard('one-user') {
  async canActivate(context) {
    const allowed = await super.canActivate(context);
    await super.logIn(context.switchToHttp().getRequest());
    return allowed;
  }
}
Reflect.decorate([Injectable()], LoginGuard);

/** Applies method decorators and parameter decorators (by index) to `Class.prototype[method]`. */
function route(Class, method, decorators, params = []) {
  const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, method);
  for (const [index, param] of params.entries()) param(Class.prototype, method, index);
  Object.defineProperty(
    Class.prototype,
    method,
    Reflect.decorate(decorators, Class.prototype, method, descriptor),
  );
}

class BenchController {
  constructor(ils) {
    this.ils = ils;
  }
  async open(_req, reply) {
    await send(reply, await bareFetch());
  }
  async protected(req, reply) {
    await send(reply, await this.ils.client('sierra').fetch('/bibs/1000004', { forwardedFor: req.ip }));
  }
  async guardOnly(_req, reply) {
    await send(reply, await bareFetch());
  }
  async openClient(_req, reply) {
    await send(reply, await sharedClient.fetch('/bibs/1000004'));
  }
  async passportBib(_req, reply) {
    await send(reply, await bareFetch());
  }
  sierraLogin() {}
  passportLogin() {}
}
Inject(IlsAuthService)(BenchController, undefined, 0);
const requestAndReply = [Req(), Res()];
route(BenchController, 'open', [Get('open/bib')], requestAndReply);
route(BenchController, 'protected', [Get('protected/bib'), UseGuards(PatronGuard)], requestAndReply);
route(BenchController, 'guardOnly', [Get('guard-only/bib'), UseGuards(PatronGuard)], requestAndReply);
route(BenchController, 'openClient', [Get('open-client/bib')], requestAndReply);
route(BenchController, 'passportBib', [Get('passport/bib'), UseGuards(SessionGuard)], requestAndReply);
route(BenchController, 'sierraLogin', [
  Post('auth/sierra/login'),
  HttpCode(200),
  UseGuards(IlsLoginGuard('sierra')),
]);
route(BenchController, 'passportLogin', [Post('passport/login'), HttpCode(204), UseGuards(LoginGuard)]);
Reflect.decorate([Controller()], BenchController);

class BenchModule {}
Reflect.decorate(
  [
    Module({
      imports: [
        IlsAuthModule.forRoot({
          providers: { sierra: { provider, signIn: 'pin' } },
          secret: 'b'.repeat(32),
        }),
      ],
      controllers: [BenchController],
    }),
  ],
  BenchModule,
);

const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
await app.register(fastifyCookie);
await app.register(fastifySession, {
  secret: 'p'.repeat(32),
  cookieName: 'passport_session',
  saveUninitialized: false,
  rolling: false,
  cookie: { secure: false, path: '/passport' },
});
await app.listen(0, '127.0.0.1');
process.send({ port: app.getHttpServer().address().port });
answerAppProcess(() => app.close());
