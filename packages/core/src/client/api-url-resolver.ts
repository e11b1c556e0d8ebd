import { BoundedMemo } from '../internal/bounded-memo.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { resolveApiUrl } from './resolve-api-url.js';

/** Enough for every path an application calls over and over. */
const MAX_REMEMBERED = 512;

/**
 * `resolveApiUrl` for one provider and API base, remembering the answers: an application calls the same
 * few paths again and again, and parsing each into a `URL` costs more than the rest of a cached call.
 * Only accepted inputs are remembered; a refused one is checked (and refused) every time.
 */
export function apiUrlResolver(
  provider: ProviderDescriptor,
  base: string | undefined,
): (input: string | URL) => string {
  const resolved = new BoundedMemo(MAX_REMEMBERED, (text) => resolveApiUrl(provider, text, base).href);
  return (input) => resolved.get(typeof input === 'string' ? input : input.href);
}
