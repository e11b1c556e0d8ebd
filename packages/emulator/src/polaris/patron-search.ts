import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { papiError, unauthorized } from './errors.js';
import { verifySignature } from './signature.js';
import type { PolarisState } from './state.js';

/**
 * `GET …/protected/v1/{lang}/{app}/{org}/{AccessToken}/search/patrons/boolean?q=…` (PatronSearch): a
 * protected method, so the staff AccessToken is in the path and the request is signed with its
 * AccessSecret. An unknown or expired token is 401. Supports `PATB=<barcode>` and `PRID=<patron id>`;
 * a positive `PAPIErrorCode` is the row count.
 */
export function patronSearch(state: PolarisState, ctx: RequestContext): Reply {
  const staff = state.staffTokens.find(ctx.params[3]);
  const secrets = staff ? [{ kind: 'staff-secret' as const, value: staff.value.accessSecret }] : [];
  if (!verifySignature(state, ctx, secrets).ok) return unauthorized();
  const query = ctx.url.searchParams.get('q') ?? '';
  const match = /^(PATB|PRID)\s*=\s*(\S+)$/i.exec(query.trim());
  if (!match?.[1] || match[2] === undefined) return papiError(-1, `Unsupported search: ${query}`);
  const [field, value] = [match[1].toUpperCase(), match[2]];
  const rows = state.seeds.patrons
    .filter((patron) => (field === 'PATB' ? patron.barcode === value : String(patron.patronId) === value))
    .map((patron) => ({
      PatronID: patron.patronId,
      Barcode: patron.barcode,
      OrganizationID: patron.branchId,
      PatronFirstLastName: `${patron.nameFirst} ${patron.nameLast}`,
    }));
  return jsonReply(200, {
    PAPIErrorCode: rows.length,
    ErrorMessage: '',
    WordList: value,
    TotalRecordsFound: rows.length,
    PatronSearchRows: rows,
  });
}
