import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStore } from '@ils-auth/core';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { ilsAuth } from '@ils-auth/express';
import express from 'express';
import { demoErrorPage } from './error-page.js';
import { html, page } from './html.js';
import { demoPages } from './pages.js';
import { passportRoutes } from './passport-routes.js';
import { demoProviders } from './providers.js';

export interface ExpressDemoOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Loopback only: the emulators' test patrons are public. */
  host?: '127.0.0.1';
  /** Seals cookies; default `ILS_AUTH_SECRET`, else random per start (sessions end with the process). */
  secret?: string;
}

export interface ExpressDemo {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  emulators: AllEmulators;
  close(): Promise<void>;
}

/** Starts the emulators and the portal on them. */
export async function startExpressDemo(options: ExpressDemoOptions = {}): Promise<ExpressDemo> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('startExpressDemo: host must be 127.0.0.1');
  const secret = options.secret ?? process.env.ILS_AUTH_SECRET ?? randomBytes(32).toString('hex');
  const emulators = await startAll();
  try {
    const app = express();
    app.set('trust proxy', 'loopback'); // req.ip from a local proxy's X-Forwarded-For: Sierra receives it
    app.disable('x-powered-by');
    app.use((_req, res, next) => {
      // Server-rendered pages with inline CSS only: no script may run here.
      res.set(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      );
      res.set('X-Content-Type-Options', 'nosniff');
      res.set('Referrer-Policy', 'same-origin');
      next();
    });

    const store = new MemoryStore();
    const auth = ilsAuth({
      secret,
      store,
      providers: demoProviders(emulators),
      defaultReturnTo: '/account',
      clientOptions: { userAgent: 'ils-auth-express-demo/0.0.0 (+https://github.com/ils-auth)' },
    });
    app.use(auth);
    app.use('/passport', passportRoutes({ emulators, secret, store, auth }));
    app.use(demoPages(emulators));
    app.use((_req, res) => {
      res
        .status(404)
        .type('html')
        .send(page({ title: 'Not found', body: html`<p>No such page. <a href="/">Home</a></p>` }));
    });
    app.use(demoErrorPage());

    const server = await listen(app, options.port ?? 0, host);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${host}:${port}`,
      emulators,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await emulators.close();
      },
    };
  } catch (error) {
    await emulators.close();
    throw error;
  }
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
