import { IlsAuthError } from '@ils-auth/core';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';

// Small limits: a sign-in form carries a card number, a PIN and a path.
const BODY_LIMIT = '8kb';

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

/** Body parsing for the sign-in and sign-out routes only: a form or JSON, 8 KiB at most. */
export function readForm(): (RequestHandler | ErrorRequestHandler)[] {
  return [
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
    unreadableBody,
  ];
}

/** The parsed form, or an empty one (a post without a body). */
export function formOf(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}
