// The ways of calling one Sierra API endpoint that benchmark 1 and its CPU profiles compare. Every variant
// uses Node's global fetch (one undici keep-alive pool), sends the same Authorization and User-Agent, reads
// the whole body and checks the status, so they differ only in how the token gets onto the request.
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import { createClient, sierra } from '@ils-auth/core';
import { DEFAULT_USER_AGENT } from '@ils-auth/core/extend';

export const BIB_PATH = '/bibs/1000004';

const readAll = async (response) => {
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
};

/**
 * `emulator` is a Sierra emulator (lib/emulator.mjs). Returns { variants: name → async call, tokenRequests:
 * name → token requests that variant made itself } with every cached token already fetched.
 */
export async function fetchVariants(emulator) {
  const url = `${emulator.url}/v6${BIB_PATH}`;
  const { clientId, clientSecret } = emulator.credentials;

  // ils-auth: token from process memory, refresh-ahead, 401 retry, origin check.
  const client = createClient(sierra({ baseUrl: emulator.url, clientId, clientSecret }));
  const token = await client.getToken();
  const bareHeaders = { authorization: `Bearer ${token}`, 'user-agent': DEFAULT_USER_AGENT };

  // @badgateway/oauth2-client: OAuth2Fetch keeps one token in memory and retries a 401 once.
  const oauth2 = new OAuth2Client({
    clientId,
    clientSecret,
    tokenEndpoint: emulator.tokenUrl,
    // Sierra takes the raw key:secret in Basic, which this method sends (the RFC 6749 one would encode '+' and '/').
    authenticationMethod: 'client_secret_basic_interop',
  });
  let oauth2Tokens = 0;
  const oauth2Fetch = new OAuth2Fetch({
    client: oauth2,
    getNewToken: () => {
      oauth2Tokens++;
      return oauth2.clientCredentials();
    },
  });
  await oauth2Fetch.getAccessToken();
  const oauth2Init = { headers: { 'user-agent': DEFAULT_USER_AGENT } };

  // A token-only library without a cache: a client-credentials token request before every call.
  let perCallTokens = 0;

  return {
    variants: {
      'bare fetch()': async () => readAll(await fetch(url, { headers: bareHeaders })),
      'client.fetch()': async () => readAll(await client.fetch(BIB_PATH)),
      OAuth2Fetch: async () => readAll(await oauth2Fetch.fetch(url, oauth2Init)),
      'token per call': async () => {
        perCallTokens++;
        const fresh = await oauth2.clientCredentials();
        const headers = { authorization: `Bearer ${fresh.accessToken}`, 'user-agent': DEFAULT_USER_AGENT };
        await readAll(await fetch(url, { headers }));
      },
    },
    tokenRequests: () => ({
      'client.fetch()': 1,
      OAuth2Fetch: oauth2Tokens,
      'token per call': perCallTokens,
    }),
  };
}
