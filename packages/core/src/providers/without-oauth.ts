import type { ProviderDescriptor } from './provider-descriptor.js';

/**
 * The OAuth fields of a descriptor for a system that speaks no OAuth (SIP2, Alma, FOLIO, Polaris,
 * Symphony, Evergreen): no grants, scopes or extra parameters, so every OAuth path refuses it, and its
 * `appAuth` says how the application authenticates instead.
 */
export const WITHOUT_OAUTH = {
  tokenEndpointAuth: 'none',
  grants: [],
  scopes: [],
  tokenParams: {},
  authorizationParams: {},
  allowPasswordGrant: false,
  pkce: false,
  forwardsClientIp: false,
} as const satisfies Partial<ProviderDescriptor>;
