import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStore } from '@ils-auth/core';
import { type DemoOidcServer, startDemoOidcServer } from '@ils-auth/demo-oidc';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { ilsAuth } from '@ils-auth/express';
import express from 'express';
import { demoErrorPage } from './error-page.js';
import { html, page } from './html.js';
import { demoPages } from './pages.js';
import { passportRoutes } from './passport-routes.js';
import { demoProviders, OIDC_ROUTE } from './providers.js';

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
  /** The OpenID Connect server the generic provider signs in with (its test patron, its issuer). */
  oidc: DemoOidcServer;
  close(): Promise<void>;
}

/** Starts the emulators and the portal on them. */
export async function startExpressDemo(options: ExpressDemoOptions = {}): Promise<ExpressDemo> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('startExpressDemo: host must be 127.0.0.1');
  const secret = options.secret ?? process.env.ILS_AUTH_SECRET ?? randomBytes(32).toString('hex');
  // Listening first: the OpenID server registers the exact callback URI, and that needs our port.
  const server = await listen(createServer(), options.port ?? 0, host);
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const started: { close(): Promise<void> }[] = [{ close: () => closeServer(server) }];
  try {
    const emulators = await startAll();
    started.push(emulators);
    const oidc = await startDemoOidcServer({ redirectUris: [`${url}/auth/${OIDC_ROUTE}/callback`] });
    started.push(oidc);

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
      providers: demoProviders(emulators, oidc),
      defaultReturnTo: '/account',
      // A failed sign-in from a page comes back to the sign-in page with a code, never as JSON.
      failureRedirect: '/signin',
      clientOptions: { userAgent: 'ils-auth-express-demo/0.0.0 (+https://github.com/ils-auth)' },
    });
    // The OpenID server's metadata, read once before the first patron arrives (its errors surface here).
    await auth.patronAuth(OIDC_ROUTE).ready();
    app.use(auth);
    app.use('/passport', passportRoutes({ emulators, secret, store, auth }));
    app.use(demoPages(emulators, oidc));
    app.use((_req, res) => {
      res
        .status(404)
        .type('html')
        .send(page({ title: 'Not found', body: html`<p>No such page. <a href="/">Home</a></p>` }));
    });
    app.use(demoErrorPage());
    server.on('request', app);

    return {
      url,
      emulators,
      oidc,
      close: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

/** Closes in reverse order of starting: the site first, then what it talks to. */
async function closeAll(started: readonly { close(): Promise<void> }[]): Promise<void> {
  for (const running of [...started].reverse()) await running.close();
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
