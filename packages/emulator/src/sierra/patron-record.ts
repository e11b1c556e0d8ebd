import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import type { Issued } from '../shared/token-book.js';
import { SIERRA_ERRORS, SIERRA_JSON, sierraErrorReply } from './error-codes.js';
import type { SierraPatron } from './seed.js';
import type { SierraState, SierraToken } from './state.js';

// What Sierra returns when no `fields` parameter is given.
const DEFAULT_FIELDS = ['id', 'expirationDate', 'birthDate', 'patronType', 'patronCodes', 'homeLibraryCode'];

function fullRecord(patron: SierraPatron): Record<string, unknown> {
  return {
    id: patron.id,
    updatedDate: '2024-09-16T09:12:44Z',
    createdDate: '2018-02-05T15:31:07Z',
    names: patron.names,
    barcodes: patron.barcodes,
    expirationDate: patron.expirationDate,
    birthDate: patron.birthDate,
    emails: patron.emails,
    patronType: patron.patronType,
    patronCodes: { pcode1: '-', pcode2: '-', pcode3: 0, pcode4: 0 },
    homeLibraryCode: patron.homeLibraryCode,
    blockInfo: { code: '-' },
    moneyOwed: 0,
  };
}

/** The record limited to the requested fields (unknown names are ignored); `id` always. */
function selectFields(patron: SierraPatron, fieldsParam: string | null): Record<string, unknown> {
  const record = fullRecord(patron);
  const wanted = fieldsParam
    ? ['id', ...fieldsParam.split(',').map((field) => field.trim())]
    : DEFAULT_FIELDS;
  return Object.fromEntries(Object.entries(record).filter(([name]) => wanted.includes(name)));
}

/** `GET /v6/patrons/{id}`; an authorization-code token reads only its own patron. */
export function getPatron(state: SierraState, ctx: RequestContext, token: Issued<SierraToken>): Reply {
  const id = Number(ctx.params[0]);
  const own = token.value.patronId;
  if (own !== undefined && own !== id) return sierraErrorReply(SIERRA_ERRORS.forbidden);
  const patron = state.patrons.find((candidate) => candidate.id === id);
  if (!patron) return sierraErrorReply(SIERRA_ERRORS.recordNotFound);
  return jsonReply(200, selectFields(patron, ctx.url.searchParams.get('fields')), SIERRA_JSON);
}

/** `GET /v6/patrons/find?varFieldTag=b|z&varFieldContent=…`: one record, 404 for none, 409 for several. */
export function findPatron(state: SierraState, ctx: RequestContext): Reply {
  const tag = ctx.url.searchParams.get('varFieldTag');
  const content = ctx.url.searchParams.get('varFieldContent');
  if (tag !== 'b' && tag !== 'z') {
    return sierraErrorReply({
      ...SIERRA_ERRORS.invalidBarcodeOrPin,
      description: 'Invalid parameter : varFieldTag',
    });
  }
  if (!content) {
    return sierraErrorReply({
      ...SIERRA_ERRORS.invalidBarcodeOrPin,
      description: 'Invalid parameter : varFieldContent',
    });
  }
  const matches = state.patrons.filter((patron) =>
    tag === 'b'
      ? patron.barcodes.includes(content)
      : patron.emails.some((email) => email.toLowerCase() === content.toLowerCase()),
  );
  const [first, second] = matches;
  if (!first) return sierraErrorReply(SIERRA_ERRORS.recordNotFound);
  if (second) return sierraErrorReply(SIERRA_ERRORS.multipleRecords);
  return jsonReply(200, selectFields(first, ctx.url.searchParams.get('fields')), SIERRA_JSON);
}
