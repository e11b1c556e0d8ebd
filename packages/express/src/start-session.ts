import type { PatronSession } from '@ils-auth/core';
import type { Request, Response } from 'express';
import { patronFromSession } from './patron.js';
import type { IlsAuthRuntime } from './runtime.js';

/**
 * Puts a new session in the cookie. The id is always new (core makes one per sign-in) and the session the
 * browser held before is deleted, so an id planted before sign-in (session fixation) is worth nothing after.
 */
export async function startSession(
  runtime: IlsAuthRuntime,
  req: Request,
  res: Response,
  providerName: string,
  session: PatronSession,
): Promise<void> {
  const previous = runtime.readSessionCookie(req);
  if (previous) await runtime.providers.get(previous.provider)?.auth.logout(previous.sessionId);
  runtime.setSessionCookie(req, res, providerName, session.id);
  req.patron = patronFromSession(providerName, session);
}
