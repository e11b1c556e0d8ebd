import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { papiError, unauthorized } from './errors.js';
import { verifySignature } from './signature.js';
import { LEGACY_PATRON_SECRET_LIFETIME_MS, PATRON_SECRET_LIFETIME_MS, type PolarisState } from './state.js';

/**
 * `POST …/public/v1/{lang}/{app}/{org}/authenticator/patron` (AuthenticatePatron), signed with no
 * secret, body `{Barcode, Password}` (a user name works as Barcode). A wrong PIN and an unknown card
 * are one answer: HTTP 200 with a negative `PAPIErrorCode`. On success AccessToken and AccessSecret are
 * equal; `AuthExpDate` is null under the legacy scheme, else 24 hours ahead.
 */
export async function patronAuthenticator(state: PolarisState, ctx: RequestContext): Promise<Reply> {
  if (!verifySignature(state, ctx, [{ kind: 'none', value: '' }]).ok) return unauthorized();
  const body = await ctx.jsonObject();
  const barcode = typeof body?.Barcode === 'string' ? body.Barcode : '';
  const patron = barcode === '' ? undefined : state.patron(barcode);
  if (!patron || typeof body?.Password !== 'string' || patron.password !== body.Password) {
    state.logins.record('patron', 'failed');
    return papiError(-3001, 'Invalid patron barcode or password', {
      AccessToken: null,
      AccessSecret: null,
      AuthExpDate: null,
      PatronID: 0,
    });
  }
  state.logins.record('patron', 'ok');
  const legacy = state.settings.legacyPatronAuthentication;
  const issued = state.issuePatronSecret(
    patron.patronId,
    legacy ? LEGACY_PATRON_SECRET_LIFETIME_MS : PATRON_SECRET_LIFETIME_MS,
  );
  return jsonReply(200, {
    PAPIErrorCode: 0,
    ErrorMessage: null,
    AccessToken: issued.token,
    AccessSecret: issued.token,
    AuthExpDate: legacy ? null : new Date(issued.expiresAt).toISOString(),
    PatronID: patron.patronId,
  });
}
