import { createClient, type IlsClient } from '../../client/create-client.js';
import { hasAppCredential } from '../../client/has-app-credential.js';
import { createPatronAuth, type PatronAuth } from '../../patrons/create-patron-auth.js';
import type { ProviderDescriptor } from '../../providers/provider-descriptor.js';
import {
  type ProviderSettings,
  type ResolvedProviderSettings,
  resolveProviderSettings,
} from '../provider-settings.js';
import type { ResolvedWebOptions } from '../web-options.js';

/** One configured provider with what every request shares: its patron auth and its one app-token client. */
export interface WebProvider extends ResolvedProviderSettings {
  readonly auth: PatronAuth;
  /** Undefined when the application cannot call the provider's API on its own behalf (`hasAppCredential`). */
  readonly client: IlsClient | undefined;
}

/** The configured providers by name, in the order the application gave them. */
export function createWebProviders(
  owner: string,
  providers: Record<string, ProviderDescriptor | ProviderSettings>,
  options: ResolvedWebOptions,
): ReadonlyMap<string, WebProvider> {
  const { store, clientOptions, transactionMaxAgeSeconds } = options;
  const built = new Map<string, WebProvider>();
  // One client per descriptor: two routes for one Sierra (login page and PIN form) share its app token.
  const clients = new Map<ProviderDescriptor, IlsClient | undefined>();
  const shared = { ...clientOptions, store };
  const allSettings = resolveProviderSettings(owner, providers, transactionMaxAgeSeconds);
  for (const settings of allSettings) {
    const { descriptor } = settings;
    // Two names for one provider (a PIN form and a login page for one Sierra): each name's sessions are
    // its own, or a session of one could be presented as the other's (`card.<id>` as `sierra.<id>`).
    // A provider under one name keeps unscoped sessions, so no patron is signed out by an upgrade.
    const sharesDescriptor = allSettings.filter((other) => other.descriptor.id === descriptor.id).length > 1;
    if (!clients.has(descriptor))
      clients.set(descriptor, hasAppCredential(descriptor) ? createClient(descriptor, shared) : undefined);
    const client = clients.get(descriptor);
    const auth = createPatronAuth(descriptor, {
      ...shared,
      ...(client ? { appClient: client } : {}),
      ...(settings.sessionTtlSeconds === undefined ? {} : { sessionTtlSeconds: settings.sessionTtlSeconds }),
      transactionMaxAgeSeconds: settings.transactionMaxAgeSeconds,
      ...(sharesDescriptor ? { sessionScope: settings.name } : {}),
    });
    built.set(settings.name, Object.freeze({ ...settings, auth, client }));
  }
  return built;
}
