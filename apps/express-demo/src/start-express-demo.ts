import { randomBytes } from 'node:crypto';
import { MemoryStore } from '@ils-auth/core';
import {
  type DemoSite,
  type DemoSiteOptions,
  LIBRARY_SSO_ROUTE,
  startDemoSite,
} from '@ils-auth/demo-support';
import { ilsAuth } from '@ils-auth/express';
import express from 'express';
import { demoErrorPage } from './error-page.js';
import { html, page } from './html.js';
import { demoPages } from './pages.js';
import { passportRoutes } from './passport-routes.js';
import { demoProviders } from './providers.js';

export interface ExpressDemoOptions extends DemoSiteOptions {
  /** Seals cookies; default `ILS_AUTH_SECRET`, else random per start (sessions end with the process). */
  secret?: string;
}

/** The running portal: its URL, the emulators and OpenID server it signs in against, and `close()`. */
export type ExpressDemo = DemoSite;

/** Starts the emulators, the OpenID server and the portal on them. */
export async function startExpressDemo(options: ExpressDemoOptions = {}): Promise<ExpressDemo> {
  const secret = options.secret ?? process.env.ILS_AUTH_SECRET ?? randomBytes(32).toString('hex');
  return startDemoSite(options, async ({ server, emulators, oidc }) => {
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
    await auth.patronAuth(LIBRARY_SSO_ROUTE).ready();
    app.use(auth);
    app.use('/passport', passportRoutes({ emulators, secret, store }));
    app.use(demoPages(emulators, oidc));
    app.use((_req, res) => {
      res
        .status(404)
        .type('html')
        .send(page({ title: 'Not found', body: html`<p>No such page. <a href="/">Home</a></p>` }));
    });
    app.use(demoErrorPage());
    server.on('request', app);
    return {};
  });
}
