import { ilsEvent } from './events.js';
import { mayLogIn } from './login-permission.js';
import { type MethodResult, methodException, respond } from './method-result.js';
import { DEFAULT_IDLE_TIMEOUTS, type EvergreenState } from './state.js';
import { plainUser } from './user-objects.js';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
// Evergreen reads these flags as strings and treats anything but "0" as true.
const flag = (value: unknown) =>
  value !== undefined && value !== null && String(value) !== '0' && value !== false;

/**
 * `open-ils.auth.login` (`oilsAuthLogin`): one object with `username`, `barcode` or `identifier` (a
 * barcode when it starts with a digit, Evergreen's default `opac.barcode_regex`), `password` and `type`
 * (`staff` when absent), which picks the idle timeout and needs its login permission. Unknown user, wrong
 * password, barred user, the brute-force block and a type the user may not use are one LOGIN_FAILED; an
 * inactive account or card is told only with the right password.
 */
export function login(state: EvergreenState, params: readonly unknown[]): MethodResult {
  const args = (typeof params[0] === 'object' && params[0] !== null ? params[0] : {}) as Record<
    string,
    unknown
  >;
  let username = text(args.username);
  let barcode = text(args.barcode);
  const identifier = text(args.identifier);
  if (identifier && !username && !barcode) {
    if (/^\d/.test(identifier)) barcode = identifier;
    else username = identifier;
  }
  const password = text(args.password);
  if ((!username && !barcode) || password === undefined) {
    return methodException('username/barcode and password required for method: open-ils.auth.login');
  }
  const type = text(args.type) ?? 'staff';
  const user = username ? state.userByUsername(username) : state.userByBarcode(barcode ?? '');
  if (!user) {
    state.logins.record('unknown', 'failed');
    return respond(ilsEvent('LOGIN_FAILED'));
  }
  if (user.barred) {
    state.logins.record(user.kind, 'failed');
    return respond(ilsEvent('LOGIN_FAILED'));
  }
  if (state.loginBlock.isBlocked(user.usrname)) {
    state.logins.record(user.kind, 'locked');
    return respond(ilsEvent('LOGIN_FAILED'));
  }
  if (user.password !== password) {
    state.loginBlock.recordFailure(user.usrname);
    state.logins.record(user.kind, 'failed');
    return respond(ilsEvent('LOGIN_FAILED'));
  }
  if (!user.active) {
    state.logins.record(user.kind, 'failed');
    return respond(ilsEvent('PATRON_INACTIVE'));
  }
  if (barcode !== undefined && !user.cardActive) {
    state.logins.record(user.kind, 'failed');
    return respond(ilsEvent('PATRON_CARD_INACTIVE'));
  }
  // The permission check answers an event the login method does not expect, which it turns into the
  // generic LOGIN_FAILED (oils_auth.c), so a patron asking for a staff session cannot tell why.
  if (!mayLogIn(user, type)) {
    state.logins.record(user.kind, 'failed');
    return respond(ilsEvent('LOGIN_FAILED'));
  }
  state.logins.record(user.kind, 'ok');
  const authtime = state.idleTimeouts[type] ?? DEFAULT_IDLE_TIMEOUTS.staff ?? 7200;
  const { token } = state.sessions.create(user.id, type, authtime);
  return respond(ilsEvent('SUCCESS', { authtoken: token, authtime }));
}

/**
 * `open-ils.auth.session.retrieve(token[, returnFull[, doNotReset]])`: the user (`au`), or with
 * `returnFull` the cached session `{authtime, userobj}`; resets the idle timeout unless told not to.
 */
export function sessionRetrieve(state: EvergreenState, params: readonly unknown[]): MethodResult {
  const session = state.sessions.use(params[0], !flag(params[2]));
  const user = session ? state.userById(session.userId) : undefined;
  if (!session || !user) return respond(ilsEvent('NO_SESSION'));
  return respond(
    flag(params[1]) ? { authtime: session.authtime, userobj: plainUser(user) } : plainUser(user),
  );
}

/** `open-ils.auth.session.reset_timeout(token)`: SUCCESS with the new timeout as payload. */
export function sessionResetTimeout(state: EvergreenState, params: readonly unknown[]): MethodResult {
  const session = state.sessions.use(params[0]);
  return respond(session ? ilsEvent('SUCCESS', session.authtime) : ilsEvent('NO_SESSION'));
}

/** `open-ils.auth.session.delete(token)`: ends the session and answers the token. */
export function sessionDelete(state: EvergreenState, params: readonly unknown[]): MethodResult {
  state.sessions.delete(params[0]);
  return respond(typeof params[0] === 'string' ? params[0] : null);
}
