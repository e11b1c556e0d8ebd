import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { messageList, unableToLogin } from './errors.js';
import type { SymphonyPatron } from './seed.js';
import type { SymphonySession, SymphonyState } from './state.js';

const sessionTimedOut = () => messageList(401, 'sessionTimedOut', 'The session has timed out.');

/** The session of `x-sirs-sessionToken`, or 401. */
function session(state: SymphonyState, ctx: RequestContext): SymphonySession | undefined {
  return state.sessions.find(ctx.header('x-sirs-sessiontoken'))?.value;
}

/** The patron of `…/key/{key}`, if the session may read them: staff any patron, a patron only themselves. */
function readablePatron(state: SymphonyState, ctx: RequestContext): SymphonyPatron | Reply {
  const current = session(state, ctx);
  if (!current) return sessionTimedOut();
  const key = ctx.params[0] ?? '';
  if (current.kind === 'patron' && current.patronKey !== key) {
    return messageList(403, 'accessDenied', 'Access denied.');
  }
  return state.patronByKey(key) ?? messageList(404, 'recordNotFound', `Record ${key} not found.`);
}

const isPatron = (value: SymphonyPatron | Reply): value is SymphonyPatron => 'patronKey' in value;
const expired = (patron: SymphonyPatron, now: number) =>
  Date.parse(`${patron.privilegeExpiresDate}T23:59:59Z`) < now;

/** `GET /user/patron/key/{patronKey}`: the patron record, `{resource, key, fields}`. */
export function getPatron(state: SymphonyState, ctx: RequestContext): Reply {
  const patron = readablePatron(state, ctx);
  if (!isPatron(patron)) return patron;
  return jsonReply(200, {
    resource: '/user/patron',
    key: patron.patronKey,
    fields: {
      displayName: `${patron.lastName}, ${patron.firstName}`,
      firstName: patron.firstName,
      lastName: patron.lastName,
      barcode: patron.barcode,
      alternateID: patron.alternateId ?? '',
      approved: patron.approved,
      standing: { resource: '/policy/patronStanding', key: patron.standing },
      patronType: { resource: '/policy/patronType', key: patron.patronType },
      privilegeExpiresDate: patron.privilegeExpiresDate,
      address1:
        patron.email === null
          ? []
          : [
              {
                resource: '/user/patron/address1',
                key: '1',
                fields: { code: { resource: '/policy/patronAddress1', key: 'EMAIL' }, data: patron.email },
              },
            ],
    },
  });
}

/** `GET /user/patronStatusInfo/key/{patronKey}`: fines, expiry and the limits that block a patron. */
export function getPatronStatusInfo(state: SymphonyState, ctx: RequestContext): Reply {
  const patron = readablePatron(state, ctx);
  if (!isPatron(patron)) return patron;
  return jsonReply(200, {
    resource: '/user/patronStatusInfo',
    key: patron.patronKey,
    fields: {
      estimatedFines: { currencyCode: 'USD', amount: patron.fines },
      expired: expired(patron, state.runtime.clock.now()),
      privilegeExpiresDate: patron.privilegeExpiresDate,
      standing: { resource: '/policy/patronStanding', key: patron.standing },
      hasMaxDaysWithFines: false,
      hasMaxFines: patron.hasMaxFines,
      hasMaxItemsCheckedOut: false,
      hasMaxLostItem: false,
      hasMaxOverdueDays: false,
      hasMaxOverdueItem: false,
    },
  });
}

/** `POST /user/patron/authenticate` `{barcode, password}` with a staff session: the `patronKey`, or 401. */
export async function authenticatePatron(state: SymphonyState, ctx: RequestContext): Promise<Reply> {
  if (session(state, ctx)?.kind !== 'staff') return sessionTimedOut();
  const body = await ctx.jsonObject();
  const patron = typeof body?.barcode === 'string' ? state.patronByLogin(body.barcode) : undefined;
  if (!patron || patron.pin !== body?.password) {
    state.logins.record('patron-check', 'failed');
    return unableToLogin();
  }
  state.logins.record('patron-check', 'ok');
  return jsonReply(200, { patronKey: patron.patronKey });
}
