import { parseAuthorization } from '../shared/authorization-header.js';
import type { Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { almaError } from './errors.js';
import type { AlmaState } from './state.js';

/**
 * The API gateway's check: `Authorization: apikey <key>` (or `?apikey=`), a key that may call this area,
 * and the key's per-second threshold (429 `PER_SECOND_THRESHOLD`, retryable). An unknown key, or one
 * without the area, is 400 `UNAUTHORIZED`.
 */
export function checkApiKey(state: AlmaState, ctx: RequestContext, area: string): Reply | undefined {
  const header = parseAuthorization(ctx.header('authorization'));
  const apiKey =
    header?.scheme === 'apikey' ? header.value : (ctx.url.searchParams.get('apikey') ?? undefined);
  const key = state.key(apiKey);
  if (!key?.areas.includes(area)) {
    return almaError(400, 'UNAUTHORIZED', 'API-key not defined or not configured to allow this API.', ctx);
  }
  if (!state.withinThreshold(key.apiKey)) {
    return almaError(429, 'PER_SECOND_THRESHOLD', 'HTTP requests are more than allowed per second', ctx);
  }
  return undefined;
}
