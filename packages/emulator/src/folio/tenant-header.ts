import { textReply } from '../shared/http.js';
import type { Handler } from '../shared/router.js';
import type { FolioState } from './state.js';

/**
 * Every FOLIO call names its tenant in `X-Okapi-Tenant`; without it mod-authtoken answers 400 in plain
 * text before anything else is looked at (`FilterApi.java`). A tenant the gateway does not know is refused the same way.
 */
export function withTenant(state: FolioState, handle: Handler): Handler {
  return (ctx) => {
    const tenant = ctx.header('x-okapi-tenant');
    if (tenant === undefined || tenant === '') return textReply(400, 'Missing header: X-Okapi-Tenant');
    if (tenant !== state.settings.tenant) return textReply(400, `No such Tenant ${tenant}`);
    return handle(ctx);
  };
}
