import type { Handler } from '../shared/router.js';
import { messageList } from './errors.js';
import type { SymphonyState } from './state.js';

/**
 * Every ILSWS call carries `x-sirs-clientID` (a registered client) and `SD-Originating-App-Id` (the
 * calling application's name). The emulator refuses a call without either, so that a client which
 * forgets one is caught here rather than by a site that insists.
 */
export function withClientHeaders(state: SymphonyState, handle: Handler): Handler {
  return (ctx) => {
    const clientId = ctx.header('x-sirs-clientid');
    if (!clientId || !state.seeds.clients.some((client) => client.clientId === clientId)) {
      return messageList(401, 'clientIDRequired', 'A valid x-sirs-clientID header is required.');
    }
    if (!ctx.header('sd-originating-app-id')) {
      return messageList(400, 'originatingAppIdRequired', 'The SD-Originating-App-Id header is required.');
    }
    return handle(ctx);
  };
}
