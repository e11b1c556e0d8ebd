import { isReply, jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { messageList, unableToLogin } from './errors.js';
import type { SymphonyPatron, SymphonyStaffUser } from './seed.js';
import type { SymphonySession, SymphonyState } from './state.js';

interface Account<T> {
  record: T;
  password: string;
  session: SymphonySession;
}

/**
 * The part both logins share: a JSON `{login, password}`, the account it names, one 401 `unableToLogin`
 * for an unknown login and a wrong password alike, and a new session token on success.
 */
async function signIn<T>(
  state: SymphonyState,
  ctx: RequestContext,
  kind: 'staff' | 'patron',
  find: (login: string) => Account<T> | undefined,
): Promise<{ record: T; sessionToken: string } | Reply> {
  const body = await ctx.jsonObject();
  if (typeof body?.login !== 'string' || typeof body.password !== 'string') {
    return messageList(400, 'badRequest', 'Expected JSON with login and password.');
  }
  const account = find(body.login);
  if (!account || account.password !== body.password) {
    state.logins.record(kind, 'failed');
    return unableToLogin();
  }
  state.logins.record(kind, 'ok');
  const issued = state.sessions.issue(account.session, state.runtime.settings.tokenTtlSeconds * 1000);
  return { record: account.record, sessionToken: issued.token };
}

/** `POST /user/staff/login` `{login, password}`: a session token for the application's staff account. */
export async function staffLogin(state: SymphonyState, ctx: RequestContext): Promise<Reply> {
  const result = await signIn<SymphonyStaffUser>(state, ctx, 'staff', (login) => {
    const staff = state.seeds.staff.find((user) => user.login === login);
    return (
      staff && {
        record: staff,
        password: staff.password,
        session: { kind: 'staff', staffKey: staff.staffKey },
      }
    );
  });
  if (isReply(result)) return result;
  return jsonReply(200, { staffKey: result.record.staffKey, sessionToken: result.sessionToken });
}

/**
 * `POST /user/patron/login` `{login, password}` (barcode or alternate id, and PIN), no session token
 * needed: 200 with the patron's own `sessionToken` and `patronKey`.
 */
export async function patronLogin(state: SymphonyState, ctx: RequestContext): Promise<Reply> {
  const result = await signIn<SymphonyPatron>(state, ctx, 'patron', (login) => {
    const patron = state.patronByLogin(login);
    return (
      patron && {
        record: patron,
        password: patron.pin,
        session: { kind: 'patron', patronKey: patron.patronKey },
      }
    );
  });
  if (isReply(result)) return result;
  const patron = result.record;
  return jsonReply(200, {
    sessionToken: result.sessionToken,
    patronKey: patron.patronKey,
    name: `${patron.lastName}, ${patron.firstName}`,
    pinCreateDate: '2024-01-15',
    pinExpirationDate: null,
    pinStatus: {
      resource: '/policy/patronPinStatus',
      key: 'A',
      fields: { description: 'Active', displayName: 'A' },
    },
    message: null,
  });
}
