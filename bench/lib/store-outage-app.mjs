// The Express app of bench/store-outage.mjs, in its own process: ilsAuth() with Sierra PIN sign-in on a
// RedisStore, and one guarded route. Started by store-outage.mjs, which passes it the emulator's and
// Redis' addresses and any extra ilsAuth options.
import { sierra } from '@ils-auth/core';
import { ilsAuth, ilsAuthErrorHandler, requirePatron } from '@ils-auth/express';
import { RedisStore } from '@ils-auth/redis';
import express from 'express';

const { sierraUrl, clientId, clientSecret, redisUrl, extra } = JSON.parse(process.argv[2]);
const store = new RedisStore({
  url: redisUrl,
  encryption: false,
  logger: { debug() {}, warn() {}, error() {} },
});
const app = express();
app.use(
  ilsAuth({
    providers: {
      sierra: { provider: sierra({ baseUrl: sierraUrl, clientId, clientSecret }), signIn: 'pin' },
    },
    secret: 's'.repeat(32),
    store,
    ...extra,
  }),
);
app.get('/protected', requirePatron({ respond: 'json' }), (req, res) => {
  res.json({ patron: req.patron.patronId });
});
app.use(ilsAuthErrorHandler({ logger: { debug() {}, warn() {}, error() {} } }));

const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'exit') server.close(() => store.close().finally(() => process.exit(0)));
});
