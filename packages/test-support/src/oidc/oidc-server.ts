import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { Browser } from '../browser.js';
import { listenOnLoopback } from '../listen-on-loopback.js';

export interface OidcAccount {
  sub: string;
  name: string;
  email: string;
}

export interface OidcServer {
  /** Also the issuer identifier. */
  url: string;
  client: { clientId: string; clientSecret: string; redirectUri: string };
  account: OidcAccount;
  provider: Provider;
  close(): Promise<void>;
}

/**
 * panva's oidc-provider (an OpenID Certified server this project did not write) on loopback: the
 * independent witness that the generic provider speaks standard OAuth 2.0 and OpenID Connect, not just
 * the dialect of our own emulators. Its development sign-in pages accept any login.
 */
export async function startOidcServer(): Promise<OidcServer> {
  const http = createServer();
  const { url, close } = await listenOnLoopback(http);
  const client = {
    clientId: 'ils-portal',
    clientSecret: 'portal-secret-value-0123456789',
    redirectUri: 'http://127.0.0.1:5999/auth/callback',
  };
  const account: OidcAccount = { sub: 'patron-42', name: 'Ada Reader', email: 'ada@library.example' };
  const provider = new Provider(url, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid offline_access profile email catalogue',
      },
    ],
    features: {
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      devInteractions: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'catalogue'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key'] },
    issueRefreshToken: async () => true,
    rotateRefreshToken: true,
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ ...account, sub }) };
    },
  });
  http.on('request', provider.callback());
  return {
    url,
    client,
    account,
    provider,
    close,
  };
}

/**
 * Walks oidc-provider's sign-in and consent pages with the test browser, as a patron would, and returns
 * the URL the server finally redirects to: the application's callback.
 */
export async function signInAtOidcServer(authorizationUrl: string, login: string): Promise<string> {
  const browser = new Browser();
  const origin = new URL(authorizationUrl).origin;
  let location = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (!location.startsWith(origin)) return location;
    const page = await browser.fetch(location);
    if (page.status >= 300 && page.status < 400) {
      location = new URL(page.headers.get('location')!, location).href;
      continue;
    }
    const html = await page.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`unexpected oidc-provider page (HTTP ${page.status})`);
    const fields: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
    const submitted = await browser.postForm(new URL(action, location).href, fields);
    location = new URL(submitted.headers.get('location')!, location).href;
  }
  throw new Error('oidc-provider sign-in did not finish');
}
