// The app of adapter-glue.mjs, in its own process: benchmark 2's no-auth and guarded Express routes, and a
// third guarded one written straight over core's WebAuth in one handler (the request converted, the live
// session loaded, the app client seen from the request), on the store and secret of the ilsAuth() router,
// so one cookie opens both guards. The difference between the two guarded routes is what the adapter's own
// layers cost. Started by adapter-glue.mjs, which passes it the emulator's address.
import { createClient, MemoryStore, sierra } from '@ils-auth/core';
import { WebAuth } from '@ils-auth/core/web';
import { ilsAuth, requirePatron } from '@ils-auth/express';
import express from 'express';
import { answerAppProcess } from './app-control.mjs';

const { sierraUrl, clientId, clientSecret } = JSON.parse(process.argv[2]);
const provider = sierra({ baseUrl: sierraUrl, clientId, clientSecret });
const bibUrl = `${sierraUrl}/v6/bibs/1000004`;
const fixedAuthorization = `Bearer ${await createClient(provider).getToken()}`;
const options = {
  providers: { sierra: { provider, signIn: 'pin' } },
  secret: 'b'.repeat(32),
  store: new MemoryStore(),
};
const web = new WebAuth('bench', options);

const app = express();
/** Runs `answer(req)` and sends the Response it gives, as benchmark 2's handlers do. */
const route = (answer) => async (req, res, next) => {
  try {
    const response = await answer(req, res);
    if (!response) return;
    res
      .status(response.status)
      .type('application/json')
      .send(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    next(error);
  }
};
app.get(
  '/core-guard/bib',
  route(async (req, res) => {
    const request = { method: req.method, url: req.url, headers: req.headers, ip: req.ip, secure: false };
    const entries = web.readSessionCookies(request);
    const { sessions } = entries.length ? await web.currentSessions(request, entries) : { sessions: [] };
    if (sessions.length === 0) return void res.status(401).json({ error: 'sign in to continue' });
    return web.appClient('sierra', request).fetch('/bibs/1000004');
  }),
);
app.get(
  '/open/bib',
  route(() => fetch(bibUrl, { headers: { authorization: fixedAuthorization } })),
);
app.use(ilsAuth(options));
app.get(
  '/protected/bib',
  requirePatron({ respond: 'json' }),
  route((req) => req.ils.client('sierra').fetch('/bibs/1000004')),
);

const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
answerAppProcess(() => new Promise((resolve) => server.close(resolve)));
