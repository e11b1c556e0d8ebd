// Benchmark 2 on Express: an Express 5 route behind ilsAuth() + requirePatron() that calls Sierra through
// req.ils.client(), against the same route with no auth and with Passport + express-session
// (lib/express-app.mjs; the rounds and the report: lib/guard-overhead.mjs). The same on NestJS on Fastify:
// fastify-overhead.mjs.
import { guardOverhead } from './lib/guard-overhead.mjs';

await guardOverhead('express', {
  id: 'express-overhead',
  title: '2. Express route behind requirePatron() vs no auth and Passport',
  peer: 'Passport with express-session',
  describe: {
    setup:
      'The no-auth route sits just before ilsAuth(), so Express walks past the same routes to reach it as the guarded one.',
    perRequest:
      'The guarded route does per request: read the session cookie, load the session from the store (MemoryStore; the record parsed once per stored string), requirePatron, then client.fetch() with the cached app token and X-Forwarded-For. The Passport route: express-session reads its signed cookie and its MemoryStore, passport.session() deserializes the user (a Map lookup by id), req.isAuthenticated(), then bare fetch() with a fixed token.',
  },
});
