import { decodeBasicCredentials, parseAuthorization } from '../shared/authorization-header.js';
import type { Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { oauthErrorReply } from './errors.js';
import type { OverDriveClient } from './seed.js';
import type { OverDriveState } from './state.js';

/**
 * Both token endpoints take a Basic header over the raw, case-sensitive `key:secret`. A wrong secret
 * gets the body seen in the wild (OD-8); an unknown key or no header, a bare `invalid_client`.
 */
export function authenticateClient(state: OverDriveState, ctx: RequestContext): OverDriveClient | Reply {
  const authorization = parseAuthorization(ctx.header('authorization'));
  const credentials =
    authorization?.scheme === 'basic' ? decodeBasicCredentials(authorization.value) : undefined;
  const client = credentials && state.client(credentials.id);
  if (!credentials || !client) return oauthErrorReply(401, 'invalid_client');
  if (client.clientSecret !== credentials.secret) {
    return oauthErrorReply(401, 'invalid_client', 'The client secret was incorrect.');
  }
  return client;
}
