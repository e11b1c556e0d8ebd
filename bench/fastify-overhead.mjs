// Benchmark 2 on Fastify: a NestJS 12 route on @nestjs/platform-fastify behind @ils-auth/nestjs's
// PatronGuard that calls Sierra through IlsAuthService.client(), against the same route with no auth and
// with @nestjs/passport's AuthGuard over a Passport session kept by @fastify/session (lib/nest-fastify-app.mjs
// says why that peer; the rounds and the report: lib/guard-overhead.mjs). The same on Express:
// express-overhead.mjs.
import { guardOverhead } from './lib/guard-overhead.mjs';

await guardOverhead('fastify', {
  id: 'fastify-overhead',
  title: '2b. NestJS-on-Fastify route behind PatronGuard vs no auth and Passport',
  peer: 'Passport (@nestjs/passport AuthGuard) with @fastify/session',
  describe: {
    setup:
      'All routes are methods of one Nest controller; Fastify routes by path, so no route walks past another. @fastify/cookie parses the Cookie header of every route (the session plugin needs it); @fastify/session loads sessions under /passport only (its cookie path).',
    perRequest:
      'The guarded route does per request: PatronGuard reads the session cookie, loads the session from the store (MemoryStore; the record parsed once per stored string) and sets req.patron, then IlsAuthService.client().fetch() with the cached app token and forwardedFor: req.ip. The Passport route: @fastify/session reads its signed cookie and its MemoryStore, AuthGuard runs a session strategy that deserializes the user (a Map lookup by id), then bare fetch() with a fixed token.',
  },
});
