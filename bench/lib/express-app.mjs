// The Express app of benchmark 2, in its own process: the same handler twice, one route behind
// ilsAuth + requirePatron() calling Sierra through req.ils.client(), one with no auth calling Sierra with
// bare fetch() and a fixed token. Started by express-overhead.mjs, which sends it the emulator's address.
import { createClient, sierra } from '@ils-auth/core';
import { ilsAuth, requirePatron } from '@ils-auth/express';
import express from 'express';

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

// Mounted before ilsAuth: nothing of ils-auth runs for it.
app.get('/open/bib', async (_req, res, next) => {
  try {
    await send(res, await fetch(bibUrl, { headers: { authorization: fixedAuthorization } }));
  } catch (error) {
    next(error);
  }
});

// Breakdown routes: where the protected route's extra time goes.
const sharedClient = createClient(provider);
app.get('/open-client/bib', async (_req, res, next) => {
  try {
    await send(res, await sharedClient.fetch('/bibs/1000004'));
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
process.on('message', (message) => {
  if (message === 'exit') server.close(() => process.exit(0));
  // CPU time used so far, so the benchmark can charge each round's requests with the app's own work.
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMicros: user + system });
  }
});
