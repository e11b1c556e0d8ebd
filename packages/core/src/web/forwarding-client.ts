import { inspect } from 'node:util';
import type { IlsClient } from '../client/create-client.js';

/**
 * The shared app-token client seen from one request: every call adds `X-Forwarded-For: <ip>` (Sierra
 * wants the patron's address). A thin view, not a new client: the token cache stays the one shared one.
 */
export function forwardingClient(shared: IlsClient, ip: string): IlsClient {
  const view: IlsClient = {
    provider: shared.provider,
    getToken: () => shared.getToken(),
    getTokenSet: () => shared.getTokenSet(),
    fetch: (input, init = {}) => shared.fetch(input, { ...init, forwardedFor: init.forwardedFor ?? ip }),
    invalidate: (accessToken) => shared.invalidate(accessToken),
  };
  Object.defineProperty(view, inspect.custom, { enumerable: false, value: () => inspect(shared) });
  Object.defineProperty(view, 'toJSON', {
    enumerable: false,
    value: () => JSON.parse(JSON.stringify(shared)),
  });
  return view;
}
