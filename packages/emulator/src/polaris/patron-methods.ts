import { isReply, jsonReply, type Reply } from '../shared/http.js';
import { decodePathSegment } from '../shared/path-segment.js';
import type { RequestContext } from '../shared/request-context.js';
import { msJsonDate } from './ms-json-date.js';
import { type PatronScope, patronScope } from './patron-scope.js';
import type { PolarisPatron } from './seed.js';
import type { PolarisState } from './state.js';

const REGISTERED = '2019-03-01';

/** The fields PatronValidate and PatronCirculateBlocksGet share. */
function validation({ patron, overrideUsed }: PatronScope) {
  return {
    PAPIErrorCode: 0,
    ErrorMessage: '',
    Barcode: patron.barcode,
    ValidPatron: true,
    PatronID: patron.patronId,
    PatronCodeID: patron.patronCodeId,
    AssignedBranchID: patron.branchId,
    PatronBarcode: patron.barcode,
    AssignedBranchName: patron.branchName,
    ExpirationDate: msJsonDate(patron.expirationDate),
    OverridePasswordUsed: overrideUsed,
  };
}

function withScope(
  state: PolarisState,
  ctx: RequestContext,
  answer: (scope: PatronScope) => Record<string, unknown>,
): Reply {
  const scope = patronScope(state, ctx, decodePathSegment(ctx.params[3]) ?? '');
  return isReply(scope) ? scope : jsonReply(200, answer(scope));
}

/** `GET …/patron/{barcode}` (PatronValidate). */
export function patronValidate(state: PolarisState, ctx: RequestContext): Reply {
  return withScope(state, ctx, validation);
}

/** `GET …/patron/{barcode}/basicdata` (PatronBasicDataGet): the record in `PatronBasicData`. */
export function patronBasicData(state: PolarisState, ctx: RequestContext): Reply {
  return withScope(state, ctx, ({ patron }) => ({
    PAPIErrorCode: 0,
    ErrorMessage: '',
    PatronBasicData: basicData(patron),
  }));
}

/** `GET …/patron/{barcode}/circulationblocks` (PatronCirculateBlocksGet): blocks and whether the patron may circulate. */
export function patronCirculateBlocks(state: PolarisState, ctx: RequestContext): Reply {
  return withScope(state, ctx, (scope) => ({
    ...validation(scope),
    Blocks: scope.patron.blocks.map((description) => ({
      PatronID: scope.patron.patronId,
      PatronName: `${scope.patron.nameLast}, ${scope.patron.nameFirst}`,
      BlockDescription: description,
    })),
    CanPatronCirculate: scope.patron.blocks.length === 0,
    EmailAddress: scope.patron.email,
    NameFirst: scope.patron.nameFirst,
    NameLast: scope.patron.nameLast,
    NameMiddle: null,
  }));
}

function basicData(patron: PolarisPatron) {
  return {
    PatronID: patron.patronId,
    Barcode: patron.barcode,
    NameFirst: patron.nameFirst,
    NameLast: patron.nameLast,
    NameMiddle: null,
    NameTitle: null,
    NameSuffix: null,
    PhoneNumber: null,
    EmailAddress: patron.email,
    AltEmailAddress: null,
    ItemsOutCount: 0,
    ItemsOverdueCount: 0,
    ItemsOutLostCount: 0,
    HoldRequestsTotalCount: 0,
    HoldRequestsShippedCount: 0,
    HoldRequestsUnclaimedCount: 0,
    ChargeBalance: patron.chargeBalance,
    CreditBalance: 0,
    DepositBalance: 0,
    BirthDate: patron.birthDate === null ? null : msJsonDate(patron.birthDate),
    RegistrationDate: msJsonDate(REGISTERED),
    LastActivityDate: null,
    AddrCheckDate: msJsonDate(patron.expirationDate),
    MessageNewCount: 0,
    MessageReadCount: 0,
    PatronAddresses: [],
  };
}
