import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoOidcServer, startDemoOidcServer } from './index.js';

const REDIRECT_URI = 'http://127.0.0.1:5999/auth/library/callback';
let server: DemoOidcServer;

beforeAll(async () => {
  server = await startDemoOidcServer({ redirectUris: [REDIRECT_URI] });
});
afterAll(async () => {
  await server?.close();
});

/** A browser's cookie jar and manual redirects, over real HTTP. */
function browser() {
  const cookies = new Map<string, string>();
  return async (url: string, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const location = response.headers.get('location');
    return { response, location: location ? new URL(location, url).href : undefined };
  };
}

/** Starts a code + PKCE + OpenID sign-in; answers the URL of the sign-in page it leads to. */
async function startSignIn(go: ReturnType<typeof browser>): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: server.client.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const { location } = await go(`${server.issuer}/auth?${query}`);
  expect(location).toMatch(new RegExp(`^${server.issuer}/interaction/[\\w-]+$`));
  return location as string;
}

describe('the demo OpenID server', () => {
  it('publishes OpenID metadata naming itself, PKCE S256 and RFC 9207 iss', async () => {
    const metadata = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      code_challenge_methods_supported: string[];
      authorization_response_iss_parameter_supported: boolean;
      revocation_endpoint: string;
    };
    expect(metadata.issuer).toBe(server.issuer);
    expect(metadata.code_challenge_methods_supported).toContain('S256');
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.revocation_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('refuses a wrong password on its sign-in page without repeating it, then signs the patron in', async () => {
    const go = browser();
    const signInPage = await startSignIn(go);
    const form = await go(signInPage);
    expect(await form.response.text()).toContain('id="login-form"');

    const refused = await go(`${signInPage}/login`, { login: server.patron.login, password: 'Wrong-4711' });
    expect(refused.response.status).toBe(401);
    const refusedPage = await refused.response.text();
    expect(refusedPage).toContain('do not match');
    expect(refusedPage).not.toContain('Wrong-4711');

    let step = await go(`${signInPage}/login`, {
      login: server.patron.login,
      password: server.patron.password,
    });
    while (step.location?.startsWith(server.issuer) && !step.location.includes('/interaction/'))
      step = await go(step.location);
    const consentUrl = step.location as string;
    const consent = await go(consentUrl);
    expect(await consent.response.text()).toContain('id="allow"');

    step = await go(`${consentUrl}/confirm`, { decision: 'allow' });
    while (step.location?.startsWith(server.issuer)) step = await go(step.location);
    const callback = new URL(step.location as string);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('iss')).toBe(server.issuer);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('sends access_denied to the client when the patron denies consent', async () => {
    const go = browser();
    const signInPage = await startSignIn(go);
    await go(signInPage);
    let step = await go(`${signInPage}/login`, {
      login: server.patron.login,
      password: server.patron.password,
    });
    while (step.location?.startsWith(server.issuer) && !step.location.includes('/interaction/'))
      step = await go(step.location);
    step = await go(`${step.location}/confirm`, { decision: 'deny' });
    while (step.location?.startsWith(server.issuer)) step = await go(step.location);
    expect(new URL(step.location as string).searchParams.get('error')).toBe('access_denied');
  });
});
