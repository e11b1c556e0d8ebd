import type { Credential } from './conformance-system.js';

/** How much `counted()` must grow when `callers` parallel calls in each of `processes` meet a cold cache. */
export function coldCacheCount(credential: Credential, callers: number, processes: number): number {
  if (credential.kind === 'static-key') return callers * processes * credential.requestsPerCall;
  return credential.perColdCache * (credential.scope === 'cluster' ? 1 : processes);
}

/** How much one call right after the credential died must add: one new credential, or a key's own requests. */
export function renewalCount(credential: Credential): number {
  return credential.kind === 'static-key' ? credential.requestsPerCall : 1;
}
