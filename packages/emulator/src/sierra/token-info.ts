import { jsonReply, type Reply } from '../shared/http.js';
import type { Issued } from '../shared/token-book.js';
import { SIERRA_JSON } from './error-codes.js';
import type { SierraState, SierraToken } from './state.js';

// A subset of the roles of SI-4 (a live key), enough for what the clients do.
const APP_ROLES: ReadonlyArray<{ name: string; permissions: string[] }> = [
  {
    name: 'Bibs_Read',
    permissions: ['Bibs_Filter', 'Bibs_List', 'Bibs_Metadata_Read', 'Bibs_Read', 'Bibs_Search'],
  },
  {
    name: 'Patrons_Read',
    permissions: ['Patrons_Filter', 'Patrons_Find', 'Patrons_List', 'Patrons_Metadata_Read', 'Patrons_Read'],
  },
  { name: 'Patrons_Validate', permissions: ['Patrons_Validate', 'Patrons_Verify_Pin'] },
];

const PATRON_ROLES: ReadonlyArray<{ name: string; permissions: string[] }> = [
  { name: 'Bibs_Read', permissions: ['Bibs_Read'] },
  { name: 'Patrons_Read', permissions: ['Patrons_Read'] },
];

/**
 * `GET /v6/info/token`, shaped like SI-4. `patronId` (a string) only for authorization-code tokens;
 * `expiresIn` counts down on the emulator clock (3599 a moment after issue, as seen live).
 */
export function tokenInfo(state: SierraState, token: Issued<SierraToken>): Reply {
  const { value } = token;
  const roles = (value.patronId === undefined ? APP_ROLES : PATRON_ROLES).map((role) => ({
    name: role.name,
    tokenLifetime: value.lifetimeSeconds,
    permissions: role.permissions,
  }));
  const expiresIn = Math.max(0, Math.floor((token.expiresAt - state.runtime.clock.now()) / 1000));
  return jsonReply(
    200,
    {
      ...(value.patronId === undefined ? {} : { patronId: String(value.patronId) }),
      keyId: value.clientId,
      grantType: value.grantType,
      authorizationScheme: 'Bearer',
      expiresIn,
      roles,
    },
    SIERRA_JSON,
  );
}
