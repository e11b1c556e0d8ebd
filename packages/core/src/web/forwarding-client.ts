import { inspect } from 'node:util';
import type { IlsClient } from '../client/create-client.js';

/**
 * The shared app-token client seen from one request: every call adds `X-Forwarded-For: <ip>` (Sierra
 * wants the patron's address). A thin view, not a new client: the token cache stays the one shared one.
 */
export function forwardingClient(shared: IlsClient, ip: string): IlsClient {
  let views = viewsByClient.get(shared);
  if (!views) {
    views = new Map();
    viewsByClient.set(shared, views);
  }
  let view = views.get(ip);
  if (!view) {
    view = makeView(shared, ip);
    // A portal sees the same few thousand addresses again and again; more only start over.
    if (views.size >= MAX_VIEWS_PER_CLIENT) views.clear();
    views.set(ip, view);
  }
  return view;
}

const MAX_VIEWS_PER_CLIENT = 4_096;
const viewsByClient = new WeakMap<IlsClient, Map<string, IlsClient>>();

function makeView(shared: IlsClient, ip: string): IlsClient {
  // The options of a call that passes none, made once per address instead of once per call.
  const withAddress = Object.freeze({ forwardedFor: ip });
  const view: IlsClient = {
    provider: shared.provider,
    getToken: () => shared.getToken(),
    getTokenSet: () => shared.getTokenSet(),
    fetch: (input, init) =>
      shared.fetch(
        input,
        init === undefined
          ? withAddress
          : init.forwardedFor === undefined
            ? { ...init, forwardedFor: ip }
            : init,
      ),
    invalidate: (accessToken) => shared.invalidate(accessToken),
  };
  Object.defineProperty(view, inspect.custom, { enumerable: false, value: () => inspect(shared) });
  Object.defineProperty(view, 'toJSON', {
    enumerable: false,
    value: () => JSON.parse(JSON.stringify(shared)),
  });
  return view;
}
