import type { SetCookie, SignedIn, WebAuth } from '@ils-auth/core/web';
import type { Request } from 'express';
import { patronFromSession } from './patron.js';
import { toWebRequest } from './web-request.js';

/**
 * Starts the patron's session (core makes a new id and deletes the one the browser held: no fixation) and
 * sets `req.patron` for the rest of this request. Returns the cookies to write.
 */
export async function startSession(web: WebAuth, req: Request, signedIn: SignedIn): Promise<SetCookie[]> {
  const cookies = await web.startSession(toWebRequest(req), signedIn);
  req.patron = patronFromSession(signedIn.provider.name, signedIn.session);
  return cookies;
}
