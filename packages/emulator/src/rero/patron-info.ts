import { bearerToken } from '../shared/authorization-header.js';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { invenioErrorReply } from './errors.js';
import type { ReroMembership, ReroPatron } from './seed.js';
import type { PatronInfoShape, ReroState } from './state.js';

type Has = (scope: string) => boolean;

/** One entry of `patron_types` (the older, deprecated list), each part behind its scope. */
function patronTypeEntry(membership: ReroMembership, has: Has) {
  return {
    ...(has('patron_type') ? { patron_type: membership.patronType } : {}),
    ...(has('institution') ? { institution: membership.code } : {}),
    ...(has('expiration_date') ? { expiration_date: `${membership.expirationDate}T00:00:00+00:00` } : {}),
  };
}

function currentShape(patron: ReroPatron, has: Has): Record<string, unknown> {
  const patronInfo = Object.fromEntries(
    patron.organisations.map((membership) => [
      membership.code,
      {
        patron_pid: membership.patronPid,
        ...(has('institution') ? { institution: membership.code } : {}),
        ...(has('patron_type') ? { patron_type: membership.patronType } : {}),
        ...(has('expiration_date') ? { expiration_date: `${membership.expirationDate}T00:00:00` } : {}),
      },
    ]),
  );
  return {
    user_id: patron.userId,
    barcode: patron.barcode,
    ...(has('fullname') ? { fullname: `${patron.lastName}, ${patron.firstName}` } : {}),
    ...(has('birthdate') ? { birthdate: patron.birthdate } : {}),
    patron_info: patronInfo,
    ...(has('patron_types')
      ? { patron_types: patron.organisations.map((m) => patronTypeEntry(m, has)) }
      : {}),
  };
}

/** The shape of RERO's documentation (seed 004). */
function legacyShape(patron: ReroPatron, has: Has): Record<string, unknown> {
  return {
    barcode: patron.barcode,
    ...(has('fullname') ? { fullname: `${patron.lastName}, ${patron.firstName}` } : {}),
    ...(has('birthdate') ? { birthdate: patron.birthdate } : {}),
    patron_types: patron.organisations.map((m) => patronTypeEntry(m, has)),
  };
}

const SHAPES: Record<PatronInfoShape, (patron: ReroPatron, has: Has) => Record<string, unknown>> = {
  current: currentShape,
  legacy: legacyShape,
};

/** `GET /api/patrons/info` with a Bearer header or `?access_token=`: the patron, shaped by the token's scopes. */
export function patronInfo(state: ReroState, ctx: RequestContext): Reply {
  const token =
    bearerToken(ctx.header('authorization')) ?? ctx.url.searchParams.get('access_token') ?? undefined;
  const grant = state.accessTokens.find(token)?.value;
  const patron = grant && state.patrons.find((candidate) => candidate.userId === grant.userId);
  if (!grant || !patron) return invenioErrorReply(401);
  const has: Has = (scope) => grant.scopes.includes(scope);
  return jsonReply(200, SHAPES[state.patronInfoShape](patron, has));
}
