import { randomBytes } from 'node:crypto';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { papiError, unauthorized } from './errors.js';
import { verifySignature } from './signature.js';
import type { PolarisState } from './state.js';

/**
 * `POST …/protected/v1/{lang}/{app}/{org}/authenticator/staff` (AuthenticateStaffUser), signed with no
 * secret, body `{Domain, Username, Password}`. Each success issues a new AccessToken and AccessSecret,
 * valid 24 hours by default. Three failures within five minutes lock the account for a while: then even
 * the right password is refused. A success clears the account's failures (PAPIServiceAuthenticate:
 * "Reset entry in PAPIStaffAuthenticationFailures").
 */
export async function staffAuthenticator(state: PolarisState, ctx: RequestContext): Promise<Reply> {
  if (!verifySignature(state, ctx, [{ kind: 'none', value: '' }]).ok) return unauthorized();
  const body = await ctx.jsonObject();
  const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : '');
  const domain = text('Domain');
  const username = text('Username');
  const account = `${domain}\\${username}`.toLowerCase();
  if (state.staffLockout.isBlocked(account)) {
    state.logins.record('staff', 'locked');
    return papiError(-1, 'The staff account is locked after too many failed logins; try again later.');
  }
  const user = state.seeds.staff.find(
    (candidate) =>
      candidate.domain.toLowerCase() === domain.toLowerCase() &&
      candidate.username.toLowerCase() === username.toLowerCase(),
  );
  if (!user || user.password !== text('Password')) {
    state.staffLockout.record(account);
    state.logins.record('staff', 'failed');
    return papiError(-1, 'Invalid staff domain, user name or password.');
  }
  state.logins.record('staff', 'ok');
  state.staffLockout.reset(account);
  const accessSecret = randomBytes(24).toString('base64url');
  const issued = state.staffTokens.issue(
    { accessSecret, user },
    state.runtime.settings.tokenTtlSeconds * 1000,
  );
  return jsonReply(200, {
    PAPIErrorCode: 0,
    ErrorMessage: '',
    AccessToken: issued.token,
    AccessSecret: accessSecret,
    PolarisUserID: user.polarisUserId,
    BranchID: user.branchId,
    AuthExpDate: new Date(issued.expiresAt).toISOString(),
  });
}
