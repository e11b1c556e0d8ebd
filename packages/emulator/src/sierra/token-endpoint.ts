import { decodeBasicCredentials, parseAuthorization } from '../shared/authorization-header.js';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import {
  genericSierraError,
  SIERRA_ERRORS,
  SIERRA_JSON,
  type SierraErrorBody,
  sierraErrorReply,
} from './error-codes.js';
import type { SierraClient } from './seed.js';
import type { SierraState, SierraToken } from './state.js';

const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="sierra-api"' };

const credentialsError = (body: SierraErrorBody) => sierraErrorReply(body, BASIC_CHALLENGE);

/**
 * `POST /token`, `/v5/token`, `/v6/token`. The client authenticates only with a Basic header over the
 * raw `key:secret`. Without a grant_type (or with `{}` as JSON) Sierra issues a client-credentials
 * token, as clients in the wild rely on. There is never a refresh token.
 */
export async function tokenEndpoint(state: SierraState, ctx: RequestContext): Promise<Reply> {
  const authorization = parseAuthorization(ctx.header('authorization'));
  if (!authorization) return credentialsError(SIERRA_ERRORS.unauthorized);
  if (authorization.scheme !== 'basic') return sierraErrorReply(SIERRA_ERRORS.invalidScheme);
  const credentials = decodeBasicCredentials(authorization.value);
  if (!credentials) return credentialsError(SIERRA_ERRORS.unauthorized);
  const client = state.clients.get(credentials.id);
  if (client?.clientSecret !== credentials.secret)
    return credentialsError(SIERRA_ERRORS.badClientCredentials);

  const fields = await readFields(ctx);
  if (!fields) return sierraErrorReply(genericSierraError(400, 'Malformed token request'));
  const grantType = fields.get('grant_type') ?? '';
  if (grantType === '' || grantType === 'client_credentials') {
    return issueToken(state, { clientId: client.clientId, grantType: 'client_credentials' });
  }
  if (grantType === 'authorization_code') return exchangeCode(state, client, fields);
  return sierraErrorReply(SIERRA_ERRORS.unsupportedGrant);
}

function exchangeCode(state: SierraState, client: SierraClient, fields: Map<string, string>): Reply {
  const code = fields.get('code');
  if (!code) return sierraErrorReply(SIERRA_ERRORS.missingCode);
  const issued = state.codes.find(code);
  if (!issued) return sierraErrorReply(SIERRA_ERRORS.invalidCode);
  // A mistaken client or redirect_uri does not burn the patron's code; only a successful exchange does.
  // A client_id in the body (some clients send one) must name the key that authenticated.
  const named = fields.get('client_id') ?? client.clientId;
  if (issued.value.clientId !== client.clientId || named !== client.clientId) {
    return sierraErrorReply(SIERRA_ERRORS.badClientId);
  }
  if (fields.get('redirect_uri') !== issued.value.redirectUri)
    return sierraErrorReply(SIERRA_ERRORS.badRedirectUri);
  state.codes.revoke(code);
  return issueToken(state, {
    clientId: client.clientId,
    grantType: 'authorization_code',
    patronId: issued.value.patronId,
  });
}

function issueToken(state: SierraState, token: Omit<SierraToken, 'lifetimeSeconds'>): Reply {
  const lifetimeSeconds = state.runtime.settings.tokenTtlSeconds;
  const issued = state.tokens.issue({ ...token, lifetimeSeconds }, lifetimeSeconds * 1000);
  return jsonReply(
    200,
    { access_token: issued.token, token_type: 'bearer', expires_in: lifetimeSeconds },
    SIERRA_JSON,
    {
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
    },
  );
}

/** Token request fields from a form body (the documented way) or a JSON object; undefined if malformed. */
async function readFields(ctx: RequestContext): Promise<Map<string, string> | undefined> {
  if (!ctx.isJson()) return new Map(await ctx.form());
  if ((await ctx.text()).trim() === '') return new Map();
  const body = await ctx.jsonObject();
  if (!body) return undefined;
  return new Map(
    Object.entries(body).filter((field): field is [string, string] => typeof field[1] === 'string'),
  );
}
