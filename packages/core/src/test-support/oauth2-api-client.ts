import type { ClientOptions } from '../client/client-options.js';
import { createClient, type IlsClient } from '../client/create-client.js';
import { oauth2 } from '../providers/oauth2.js';

/**
 * An app-token client of a loopback server that is both token endpoint (`/token`) and API: for tests of
 * what `client.fetch()` does on the wire, with any answer the server scripts.
 */
export function oauth2ApiClient(origin: string, options?: ClientOptions): IlsClient {
  const provider = oauth2({
    tokenUrl: `${origin}/token`,
    apiBaseUrl: origin,
    clientId: 'app',
    clientSecret: 's3cret',
  });
  return createClient(provider, options);
}
