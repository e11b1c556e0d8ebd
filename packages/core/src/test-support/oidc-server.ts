import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

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
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
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
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/**
 * Walks oidc-provider's sign-in and consent pages with plain HTTP (cookies carried by hand), as a
 * browser would, and returns the URL the server finally redirects to: the application's callback.
 */
export async function signInAtOidcServer(authorizationUrl: string, login: string): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    return response;
  };
  const origin = new URL(authorizationUrl).origin;
  let location = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (!location.startsWith(origin)) return location;
    const page = await send(location);
    if (page.status >= 300 && page.status < 400) {
      location = new URL(page.headers.get('location')!, location).href;
      continue;
    }
    const html = await page.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`unexpected oidc-provider page (HTTP ${page.status})`);
    const form = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      form.set('login', login);
      form.set('password', 'any');
    }
    const submitted = await send(new URL(action, location).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    location = new URL(submitted.headers.get('location')!, location).href;
  }
  throw new Error('oidc-provider sign-in did not finish');
}
