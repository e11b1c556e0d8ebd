import type { EvergreenUser } from './seed.js';

/** The permission each login type needs (`oilsAuthCheckLoginPerm` in `oils_auth_internal.c`). */
const PERMISSION_BY_TYPE: Readonly<Record<string, string>> = {
  opac: 'OPAC_LOGIN',
  api: 'API_LOGIN',
  staff: 'STAFF_LOGIN',
  temp: 'STAFF_LOGIN',
  persist: 'PERSISTENT_LOGIN',
};

// As in a stock Evergreen: patrons may sign in to the catalogue (and stay signed in), staff everywhere.
const PERMISSIONS_BY_KIND: Readonly<Record<EvergreenUser['kind'], readonly string[]>> = {
  patron: ['OPAC_LOGIN', 'PERSISTENT_LOGIN'],
  staff: ['OPAC_LOGIN', 'PERSISTENT_LOGIN', 'STAFF_LOGIN', 'API_LOGIN'],
};

/**
 * Whether the user may sign in with this login type. A type Evergreen does not know maps to no
 * permission here, so it is refused.
 */
export function mayLogIn(user: EvergreenUser, type: string): boolean {
  const permission = Object.hasOwn(PERMISSION_BY_TYPE, type) ? PERMISSION_BY_TYPE[type] : undefined;
  return permission !== undefined && PERMISSIONS_BY_KIND[user.kind].includes(permission);
}
