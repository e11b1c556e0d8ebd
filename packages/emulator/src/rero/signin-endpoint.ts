import { htmlReply, type Reply, redirectReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { safeNext, sessionCookie } from './session.js';
import { signinPage } from './signin-page.js';
import type { ReroState } from './state.js';

/** `GET /signin` shows the form; `POST /signin` checks email + password, sets the session, goes to `next`. */
export async function signinEndpoint(state: ReroState, ctx: RequestContext): Promise<Reply> {
  if (ctx.method !== 'POST') return htmlReply(200, signinPage(safeNext(ctx.url.searchParams.get('next'))));
  const form = await ctx.form();
  const next = safeNext(form.get('next'));
  const email = form.get('email') ?? '';
  const patron = state.patrons.find(
    (candidate) =>
      candidate.email.toLowerCase() === email.toLowerCase() && candidate.password === form.get('password'),
  );
  if (!patron) return htmlReply(200, signinPage(next, { email }));
  const session = state.startSession(patron.userId);
  return redirectReply(next, { 'Set-Cookie': sessionCookie(session.token) });
}
