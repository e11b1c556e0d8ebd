import { ilsEvent } from './events.js';
import { type MethodResult, respond } from './method-result.js';
import type { EvergreenUser } from './seed.js';
import type { EvergreenState } from './state.js';
import { fleshedUser, moneySummary } from './user-objects.js';

/**
 * The editor's `checkauth` and permission check these methods start with: the token's session (its idle
 * timeout reset, as `checkauth` retrieves the session), then the target user, which a patron may only be
 * themselves and staff may be anyone.
 */
function authorizedTarget(
  state: EvergreenState,
  params: readonly unknown[],
  permission: string,
): { target: EvergreenUser } | MethodResult {
  const session = state.sessions.use(params[0]);
  const requestor = session ? state.userById(session.userId) : undefined;
  if (!requestor) return respond(ilsEvent('NO_SESSION'));
  const target = state.userById(params[1]);
  if (requestor.kind !== 'staff' && requestor.id !== target?.id) {
    return respond(
      ilsEvent('PERM_FAILURE', undefined, { ilsperm: permission, ilspermloc: requestor.homeOu }),
    );
  }
  return target ? { target } : respond(ilsEvent('ACTOR_USER_NOT_FOUND'));
}

/** `open-ils.actor.user.fleshed.retrieve(token, userId)`: the `au` with card, cards and penalties. */
export function userFleshedRetrieve(state: EvergreenState, params: readonly unknown[]): MethodResult {
  const checked = authorizedTarget(state, params, 'VIEW_USER');
  return 'target' in checked ? respond(fleshedUser(checked.target)) : checked;
}

/** `open-ils.actor.user.fines.summary(token, userId)`: the user's `mous`. */
export function userFinesSummary(state: EvergreenState, params: readonly unknown[]): MethodResult {
  const checked = authorizedTarget(state, params, 'VIEW_USER_FINES_SUMMARY');
  return 'target' in checked ? respond(moneySummary(checked.target)) : checked;
}
