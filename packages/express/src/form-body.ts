import { IlsAuthError } from '@ils-auth/core';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';

// Small limits: a sign-in form carries a card number, a PIN and a path.
const BODY_LIMIT = '8kb';
const UNREADABLE = 'the request body could not be read (not a form or JSON, or too large)';

/** Body parsing for the sign-in and sign-out routes only: a form or JSON, 8 KiB at most; else a typed 400. */
export function readForm(): (RequestHandler | ErrorRequestHandler)[] {
  const unreadable: ErrorRequestHandler = (_error, _req, _res, next) =>
    next(new IlsAuthError('invalid_request', UNREADABLE, { status: 400 }));
  return [
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
    unreadable,
  ];
}

/** The parsed form, or an empty one (a post without a body). */
export function formOf(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}
