import { emptyReply, jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { refuseUnlessPermitted } from './api-access.js';
import { kohaErrorReply } from './errors.js';
import type { KohaPatron } from './seed.js';
import type { KohaState } from './state.js';

const validationFailed = () => kohaErrorReply(400, 'Validation failed');

/**
 * `POST /api/v1/auth/password/validation` (Koha/REST/V1/Auth/Password.pm, api/v1/swagger/paths/auth.yaml):
 * checks a patron's password for the calling application. Koha's answers: 201
 * `{cardnumber, patron_id, userid}` (204 and no body before that, and only `userid` in 23.05); 400
 * "Validation failed" for a wrong password, an unknown patron or a locked account alike; 400 "Password
 * expired"; 401/403 about the caller, never the patron.
 */
export async function validatePassword(state: KohaState, ctx: RequestContext): Promise<Reply> {
  const refused = refuseUnlessPermitted(
    state,
    ctx,
    (client) => client.canValidatePasswords ?? client.canReadPatrons,
    { borrowers: '1' },
  );
  if (refused) return refused;
  const release = state.settings.passwordValidation;
  const body = await ctx.jsonObject();
  const invalid = body
    ? invalidBody(body, release === '23.05' ? ['userid'] : ['identifier', 'userid'])
    : { path: '/body', message: 'Expected object.' };
  if (invalid) return jsonReply(400, { errors: [invalid], status: 400 });
  const { identifier, userid, password } = body as { identifier?: string; userid?: string; password: string };
  if (identifier === undefined && userid === undefined) return validationFailed();
  if (identifier !== undefined && userid !== undefined)
    return kohaErrorReply(400, 'Bad request. Only one identifier attribute can be passed.');

  // checkpw tries the user id first, then the card number; `userid` must be a user id.
  const patron =
    userid !== undefined
      ? byField(state, 'userid', userid)
      : (byField(state, 'userid', identifier ?? '') ?? byField(state, 'cardnumber', identifier ?? ''));
  if (!patron || locked(state, patron)) return validationFailed();
  const login = state.login(patron);
  if (!login || password === '' || login.password !== password) {
    patron.login_attempts = (patron.login_attempts ?? 0) + 1;
    return validationFailed();
  }
  patron.login_attempts = 0;
  if (login.passwordExpired) return kohaErrorReply(400, 'Password expired');
  if (release !== 'current') return emptyReply(204);
  return jsonReply(201, {
    cardnumber: patron.cardnumber,
    patron_id: patron.patron_id,
    userid: patron.userid ?? null,
  });
}

/** Koha/Patron.pm `account_locked`: FailedLoginAttempts reached, or a negative count (locked by staff). */
function locked(state: KohaState, patron: KohaPatron): boolean {
  const attempts = patron.login_attempts ?? 0;
  const limit = state.settings.failedLoginAttempts;
  return attempts < 0 || (limit > 0 && attempts >= limit);
}

function byField(state: KohaState, field: 'userid' | 'cardnumber', value: string): KohaPatron | undefined {
  return value === '' ? undefined : state.seeds.patrons.find((patron) => patron[field] === value);
}

interface SchemaError {
  path: string;
  message: string;
}

/**
 * The route's schema, as Koha's OpenAPI layer checks it before the controller runs (its 400 is
 * `{"errors":[{"message","path"}],"status":400}`): `password` required, every property a string, no
 * property but the identifying ones and `password`.
 */
function invalidBody(body: Record<string, unknown>, identifying: readonly string[]): SchemaError | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'password' && !identifying.includes(key))
      return { path: '/body', message: `Properties not allowed: ${key}.` };
    if (typeof value !== 'string')
      return { path: `/body/${key}`, message: `Expected string - got ${jsonType(value)}.` };
  }
  return body.password === undefined ? { path: '/body/password', message: 'Missing property.' } : undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
