import { bearerToken } from '../shared/authorization-header.js';
import type { Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import type { Handler } from '../shared/router.js';
import { unauthorizedReply } from './errors.js';
import type { OverDriveState, OverDriveToken } from './state.js';

type PatronToken = Extract<OverDriveToken, { kind: 'patron' }>;

/** Discovery APIs: an app token or a patron token (patron authentication grants both APIs). */
export function withAnyToken(state: OverDriveState, handler: (ctx: RequestContext) => Reply): Handler {
  return (ctx) =>
    state.tokens.find(bearerToken(ctx.header('authorization'))) ? handler(ctx) : unauthorizedReply();
}

/** Circulation APIs: a patron token only; an expired one means "get a new token" (401). */
export function withPatronToken(
  state: OverDriveState,
  handler: (ctx: RequestContext, token: PatronToken) => Reply,
): Handler {
  return (ctx) => {
    const token = state.tokens.find(bearerToken(ctx.header('authorization')))?.value;
    return token?.kind === 'patron' ? handler(ctx, token) : unauthorizedReply();
  };
}
