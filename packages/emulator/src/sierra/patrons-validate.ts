import { emptyReply, jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { genericSierraError, SIERRA_ERRORS, SIERRA_JSON, sierraErrorReply } from './error-codes.js';
import { checkCredentials } from './patron-credentials.js';
import type { SierraState } from './state.js';

const malformedJson = () => sierraErrorReply(genericSierraError(400, 'Request body is not a JSON object'));

/**
 * `POST /v6/patrons/validate` `{barcode, pin, caseSensitivity?}`: 204 when they match, else SI-3.
 * Only the first 8 PIN characters count; `caseSensitivity: false` relaxes the barcode's case.
 */
export async function validatePatron(state: SierraState, ctx: RequestContext): Promise<Reply> {
  const body = await ctx.jsonObject();
  if (!body) return malformedJson();
  const caseSensitive = body.caseSensitivity !== false;
  const patron = checkCredentials(state.patrons, body.barcode, body.pin, caseSensitive);
  return patron ? emptyReply(204) : sierraErrorReply(SIERRA_ERRORS.invalidBarcodeOrPin);
}

/** `POST /v6/patrons/auth` `{authMethod: "native", patronId: <barcode>, patronSecret: <pin>}`: the record id. */
export async function authenticatePatron(state: SierraState, ctx: RequestContext): Promise<Reply> {
  const body = await ctx.jsonObject();
  if (!body) return malformedJson();
  if (body.authMethod !== 'native') return sierraErrorReply(SIERRA_ERRORS.invalidAuthMethod);
  const patron = checkCredentials(state.patrons, body.patronId, body.patronSecret);
  return patron
    ? jsonReply(200, patron.id, SIERRA_JSON)
    : sierraErrorReply(SIERRA_ERRORS.invalidBarcodeOrPin);
}
