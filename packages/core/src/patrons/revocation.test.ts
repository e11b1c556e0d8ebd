import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oauth2 } from '../providers/oauth2.js';
import { MemoryStore } from '../store/memory-store.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';
import { createPatronAuth, type PatronAuth } from './create-patron-auth.js';

type Server = Awaited<ReturnType<typeof startScriptedServer>>;
let server: Server;
let revocation: 'ok' | 'down' | 'hang' = 'ok';

beforeAll(async () => {
  server = await startScriptedServer(async (req, res) => {
    if (req.url === '/token')
      return json(res, 200, {
        access_token: 'patron-access-token',
        refresh_token: 'patron-refresh-token',
        token_type: 'Bearer',
        expires_in: 3600,
        user: { id: 'p-1' },
      });
    if (req.url === '/revoke') {
      if (revocation === 'hang') await new Promise((resolve) => setTimeout(resolve, 3_000));
      return revocation === 'down'
        ? json(res, 503, { error: 'temporarily_unavailable' })
        : json(res, 200, {});
    }
    json(res, 404, {});
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  revocation = 'ok';
});

function patronAuth(options: { revocationUrl?: boolean; warnings?: unknown[]; timeoutMs?: number } = {}) {
  return createPatronAuth(
    oauth2({
      id: 'lib',
      tokenUrl: `${server.url}/token`,
      authorizationUrl: `${server.url}/authorize`,
      ...(options.revocationUrl === false ? {} : { revocationUrl: `${server.url}/revoke` }),
      clientId: 'portal',
      clientSecret: 'portal-secret',
      tokenEndpointAuth: 'post',
      mapProfile: (record) => ({ id: String((record.user as { id: string }).id) }),
    }),
    {
      store: new MemoryStore(),
      redirectUri: 'http://127.0.0.1:5999/cb',
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      logger: { warn: (...args: unknown[]) => options.warnings?.push(args), error() {} },
    },
  );
}

async function signIn(auth: PatronAuth) {
  const { transaction } = auth.authorizationUrl();
  return auth.handleCallback(`http://127.0.0.1:5999/cb?code=c1&state=${transaction.state}`, transaction);
}

const revocations = () =>
  server.seen.filter((r) => r.url === '/revoke').map((r) => new URLSearchParams(r.body));

describe('logout revokes the patron tokens (RFC 7009)', () => {
  it('revokes the refresh token first, then the access token, authenticated as at the token endpoint', async () => {
    const auth = patronAuth();
    const session = await signIn(auth);
    await auth.logout(session.id);
    expect(revocations().map((form) => [form.get('token'), form.get('token_type_hint')])).toEqual([
      ['patron-refresh-token', 'refresh_token'],
      ['patron-access-token', 'access_token'],
    ]);
    expect(revocations()[0]!.get('client_secret')).toBe('portal-secret');
    expect(await auth.getSession(session.id)).toBeUndefined();
  });

  it('ends the session locally and logs a line without secrets when the provider cannot revoke', async () => {
    revocation = 'down';
    const warnings: unknown[] = [];
    const auth = patronAuth({ warnings });
    const session = await signIn(auth);
    await expect(auth.logout(session.id)).resolves.toBeUndefined();
    expect(await auth.getSession(session.id)).toBeUndefined();
    const logged = JSON.stringify(warnings);
    expect(warnings).toHaveLength(2);
    expect(logged).toContain('revoking the tokens of a signed-out patron failed');
    expect(logged).toContain('provider_unavailable');
    for (const secret of ['patron-access-token', 'patron-refresh-token', 'portal-secret', session.id])
      expect(logged).not.toContain(secret);
  });

  it('waits for a hanging revocation endpoint no longer than the token timeout', async () => {
    revocation = 'hang';
    const warnings: unknown[] = [];
    const auth = patronAuth({ warnings, timeoutMs: 200 });
    const session = await signIn(auth);
    const started = Date.now();
    await auth.logout(session.id);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(JSON.stringify(warnings)).toContain('timeout');
  });

  it('sends nothing without a revocation endpoint', async () => {
    const auth = patronAuth({ revocationUrl: false });
    await auth.logout((await signIn(auth)).id);
    expect(revocations()).toHaveLength(0);
  });
});
