import type { Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { papiError, unauthorized } from './errors.js';
import type { PolarisPatron } from './seed.js';
import { type SigningSecret, verifySignature } from './signature.js';
import type { PolarisState } from './state.js';

export interface PatronScope {
  patron: PolarisPatron;
  /** The staff "public method override": signed with the staff AccessSecret, not the patron's. */
  overrideUsed: boolean;
}

/**
 * Who may call a patron-scoped public method (`…/patron/{barcode}…`): a request signed with that
 * patron's password or a live patron AccessSecret, or, with `X-PAPI-AccessToken: <staff AccessToken>`,
 * one signed with that staff token's AccessSecret. A wrong PIN makes the signature wrong: 401, as for any
 * bad signature. Only an override can learn that a card does not exist (PAPIErrorCode -6000).
 */
export function patronScope(state: PolarisState, ctx: RequestContext, barcode: string): PatronScope | Reply {
  const staffToken = ctx.header('x-papi-accesstoken');
  if (staffToken !== undefined) {
    const staff = state.staffTokens.find(staffToken);
    const secrets: SigningSecret[] = staff ? [{ kind: 'staff-secret', value: staff.value.accessSecret }] : [];
    if (!verifySignature(state, ctx, secrets).ok) return unauthorized();
    const patron = state.patron(barcode);
    return patron ? { patron, overrideUsed: true } : papiError(-6000, 'Patron not found');
  }
  const patron = state.patron(barcode);
  const secrets: SigningSecret[] = patron
    ? [
        { kind: 'patron-password', value: patron.password },
        ...state
          .livePatronSecrets(patron.patronId)
          .map((value) => ({ kind: 'patron-secret' as const, value })),
      ]
    : [];
  // Checked (and recorded) for an unknown card too: the answer must not tell it from a wrong PIN.
  const verdict = verifySignature(state, ctx, secrets);
  if (!patron || !verdict.ok) return unauthorized();
  return { patron, overrideUsed: false };
}
