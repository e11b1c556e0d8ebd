import { IlsAuthError, type IlsClient, isIlsAuthError, type PatronAuth } from '@ils-auth/core';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { finishCodeFlow, startCodeFlow } from './code-flow-routes.js';
import { withHttpStatus } from './http-status.js';
import { logout } from './logout-route.js';
import { type IlsAuthOptions, resolveOptions } from './options.js';
import { patronFromSession } from './patron.js';
import { pinLogin, showLoginPage } from './pin-login-route.js';
import { IlsRequestContext } from './request-context.js';
import { requirePatron } from './require-patron.js';
import { IlsAuthRuntime } from './runtime.js';

export interface IlsAuthRouter extends Router {
  /** The guard, as the standalone `requirePatron` export. */
  requirePatron: typeof requirePatron;
  /** A provider's shared app-token client, for work outside a request (no `X-Forwarded-For`). */
  client(name: string): IlsClient;
  /** A provider's core `PatronAuth`, for what the routes do not cover. */
  patronAuth(name: string): PatronAuth;
}

// Small limits: a sign-in form carries a card number, a PIN and a path.
const BODY_LIMIT = '8kb';

/**
 * Patron sign-in for Express 5. Mount it before the routes that use `req.patron` or `req.ils`:
 * `app.use(ilsAuth({ providers, secret }))`. Per provider `<name>`, under `basePath` (default `/auth`):
 * - code flow (Sierra login page, RERO): GET `<name>/login?returnTo=` → provider → GET `<name>/callback`;
 * - PIN (Sierra PIN check, OverDrive): POST `<name>/login` with `barcode`, `pin`, `returnTo`;
 * - POST `logout` and `<name>/logout`.
 */
export function ilsAuth(options: IlsAuthOptions): IlsAuthRouter {
  const runtime = new IlsAuthRuntime(resolveOptions(options));
  const { basePath } = runtime.options;
  const router = express.Router();

  router.use(
    handle(async (req, res, next) => {
      req.ils = new IlsRequestContext(runtime, req, res);
      req.patron = undefined;
      const cookie = runtime.readSessionCookie(req);
      if (cookie) {
        const session = await runtime.providers.get(cookie.provider)?.auth.getSession(cookie.sessionId);
        if (session) req.patron = patronFromSession(cookie.provider, session);
        // A cookie for a session that is over (or never was): drop it so the browser stops sending it.
        else runtime.clearSessionCookie(req, res);
      }
      next();
    }),
  );

  const readForm = [
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
    unreadableBody,
  ];
  for (const provider of runtime.providers.values()) {
    const base = `${basePath}/${provider.name}`;
    if (provider.signIn === 'code') {
      router.get(`${base}/login`, handle(startCodeFlow(runtime, provider)));
      router.get(`${base}/callback`, handle(finishCodeFlow(runtime, provider)));
    } else if (provider.signIn === 'pin') {
      router.get(`${base}/login`, handle(showLoginPage(runtime, provider)));
      router.post(`${base}/login`, ...readForm, handle(pinLogin(runtime, provider)));
    }
    router.post(`${base}/logout`, ...readForm, handle(logout(runtime)));
  }
  router.post(`${basePath}/logout`, ...readForm, handle(logout(runtime)));

  return Object.assign(router, {
    requirePatron,
    client(name: string): IlsClient {
      const provider = runtime.provider(name);
      if (!provider.client)
        throw new IlsAuthError(
          'config_invalid',
          `ilsAuth: "${name}" has no app token (no client credentials grant)`,
          {
            retryable: false,
          },
        );
      return provider.client;
    },
    patronAuth(name: string): PatronAuth {
      return runtime.provider(name).auth;
    },
  });
}

/** Errors go to Express's error handling, IlsAuthErrors with the status of our answer. */
function handle(handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      next(isIlsAuthError(error) ? withHttpStatus(error) : error);
    }
  };
}

/** A body that is not valid JSON or too large becomes a typed 400, not body-parser's own error. */
const unreadableBody: ErrorRequestHandler = (_error, _req, _res, next) => {
  next(
    new IlsAuthError(
      'invalid_request',
      'the request body could not be read (not a form or JSON, or too large)',
      { status: 400 },
    ),
  );
};
