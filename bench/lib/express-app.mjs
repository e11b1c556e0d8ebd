// The Express app of benchmark 2 (and of profile-guard.mjs), in its own process: the same handler behind
// ilsAuth + requirePatron() calling Sierra through req.ils.client(), with no auth calling Sierra with bare
// fetch() and a fixed token, and behind Passport with express-session (the peer). Started by
// lib/app-process.mjs, which passes it the emulator's address.
import { createClient, sierra } from '@ils-auth/core';
import { ilsAuth, requirePatron } from '@ils-auth/express';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { answerAppProcess } from './app-control.mjs';

const { sierraUrl, clientId, clientSecret } = JSON.parse(process.argv[2]);
const provider = sierra({ baseUrl: sierraUrl, clientId, clientSecret });
const bibUrl = `${sierraUrl}/v6/bibs/1000004`;
// The no-auth route's fixed header: a token fetched once, as a hand-written integration would.
const fixedAuthorization = `Bearer ${await createClient(provider).getToken()}`;

const app = express();
const send = async (res, response) => {
  res
    .status(response.status)
    .type('application/json')
    .send(Buffer.from(await response.arrayBuffer()));
};

// Breakdown routes: where the protected route's extra time goes.
const sharedClient = createClient(provider);
app.get('/open-client/bib', async (_req, res, next) => {
  try {
    await send(res, await sharedClient.fetch('/bibs/1000004'));
  } catch (error) {
    next(error);
  }
});

// The peer: Passport's session support as its guides set it up (express-session with its MemoryStore,
// `passport.session()`, the user's id in the session and the user looked up by id on each request), then
// `req.isAuthenticated()`. Its handler calls Sierra as the no-auth route does: Passport keeps no ILS client.
// Mounted before ilsAuth, so only Passport's stack runs for it.
const users = new Map([['1000001', { id: '1000001', name: 'Patron, Test' }]]);
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, users.get(id) ?? false));
const passportRoutes = express.Router();
passportRoutes.use(
  session({ secret: 'p'.repeat(32), resave: false, saveUninitialized: false, name: 'passport_session' }),
  passport.session(),
);
// Signs the one user in, once, before the rounds (a strategy would have checked a password first).
passportRoutes.post('/login', (req, res, next) =>
  req.login(users.get('1000001'), (error) => (error ? next(error) : res.sendStatus(204))),
);
passportRoutes.get('/bib', async (req, res, next) => {
  if (!req.isAuthenticated()) return void res.status(401).json({ error: 'sign in to continue' });
  try {
    await send(res, await fetch(bibUrl, { headers: { authorization: fixedAuthorization } }));
  } catch (error) {
    next(error);
  }
});
app.use('/passport', passportRoutes);

// Mounted just before ilsAuth and after the other routes: nothing of ils-auth runs for it, and Express walks
// past the same routes to reach it as to reach the guarded route (which comes right after ilsAuth), so the
// two differ by what ils-auth does and nothing else.
app.get('/open/bib', async (_req, res, next) => {
  try {
    await send(res, await fetch(bibUrl, { headers: { authorization: fixedAuthorization } }));
  } catch (error) {
    next(error);
  }
});

app.use(ilsAuth({ providers: { sierra: { provider, signIn: 'pin' } }, secret: 'b'.repeat(32) }));

app.get('/protected/bib', requirePatron({ respond: 'json' }), async (req, res, next) => {
  try {
    await send(res, await req.ils.client('sierra').fetch('/bibs/1000004'));
  } catch (error) {
    next(error);
  }
});

app.get('/guard-only/bib', requirePatron({ respond: 'json' }), async (_req, res, next) => {
  try {
    await send(res, await fetch(bibUrl, { headers: { authorization: fixedAuthorization } }));
  } catch (error) {
    next(error);
  }
});

app.get('/protected-shared/bib', requirePatron({ respond: 'json' }), async (_req, res, next) => {
  try {
    await send(res, await sharedClient.fetch('/bibs/1000004'));
  } catch (error) {
    next(error);
  }
});

const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
answerAppProcess(() => new Promise((resolve) => server.close(resolve)));
