import type { RequestContext } from '../shared/request-context.js';
import type { Issued } from '../shared/token-book.js';
import type { ReroSession, ReroState } from './state.js';

const COOKIE = 'session';

export function currentSession(state: ReroState, ctx: RequestContext): Issued<ReroSession> | undefined {
  return state.sessions.find(ctx.cookie(COOKIE));
}

/** HttpOnly so page scripts cannot read it; SameSite=Lax so other sites cannot post the consent form. */
export function sessionCookie(token: string): string {
  return `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`;
}

/** Only a local path may follow sign-in: `next` must not send the patron to another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
