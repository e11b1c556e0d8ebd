import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { type IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { oauth2 } from '../providers/oauth2.js';
import { json, type SeenRequest, startScriptedServer } from '../test-support/scripted-server.js';

/** Each path of the scripted server answers one kind of token response. */
const answers: Record<string, (res: ServerResponse, req: SeenRequest) => void | Promise<void>> = {
  '/lower': (res) => json(res, 200, { access_token: 'tok-lower', token_type: 'bearer', expires_in: 3600 }),
  '/upper': (res) => json(res, 200, { access_token: 'tok-upper', token_type: 'Bearer', expires_in: 60 }),
  '/mac': (res) => json(res, 200, { access_token: 'tok-mac', token_type: 'mac', expires_in: 60 }),
  '/string-expiry': (res) =>
    json(res, 200, { access_token: 'tok-s', token_type: 'Bearer', expires_in: '1800' }),
  '/bad-expiry': (res) => json(res, 200, { access_token: 'tok-b', token_type: 'Bearer', expires_in: 'soon' }),
  '/no-expiry': (res) => json(res, 200, { access_token: 'tok-n', token_type: 'Bearer' }),
  '/no-token': (res) => json(res, 200, { token_type: 'Bearer', expires_in: 60 }),
  '/error-200': (res) =>
    json(res, 200, { error: 'invalid_client', error_description: 'Client authentication failed.' }),
  '/html': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><body>Maintenance</body></html>');
  },
  '/truncated': (res) => json(res, 200, '{"access_token":"abc","token_ty'),
  '/array': (res) => json(res, 200, '[1,2]'),
  '/huge': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) res.write(chunk);
    res.end();
  },
  '/redirect': (res) => {
    res.writeHead(302, { location: '/lower' });
    res.end();
  },
  '/stalled-body': async (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"half');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    res.end('"}');
  },
  '/slow': async (res) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    json(res, 200, { access_token: 'late', token_type: 'Bearer' });
  },
};

describe('token responses are parsed strictly (over real HTTP)', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  beforeAll(async () => {
    server = await startScriptedServer((req, res) => answers[req.url]?.(res, req) ?? json(res, 404, {}));
  });
  afterAll(() => server.close());

  const clientFor = (
    path: string,
    extra: Parameters<typeof oauth2>[0] extends infer O ? Partial<O> : never = {},
    timeoutMs?: number,
  ) =>
    createClient(
      oauth2({
        id: 'test',
        tokenUrl: `${server.url}${path}`,
        clientId: 'id',
        clientSecret: 'secret-value',
        ...extra,
      }),
      timeoutMs ? { timeoutMs } : {},
    );
  const failure = async (path: string, timeoutMs?: number): Promise<IlsAuthError> => {
    const error = await clientFor(path, {}, timeoutMs)
      .getTokenSet()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (!isIlsAuthError(error))
      throw new Error(`expected an IlsAuthError from ${path}, got ${String(error)}`);
    return error;
  };

  it('accepts token_type "bearer" and "Bearer" and normalises it', async () => {
    const lower = await clientFor('/lower').getTokenSet();
    expect(lower.accessToken).toBe('tok-lower');
    expect(lower.tokenType).toBe('Bearer');
    expect((await clientFor('/upper').getTokenSet()).tokenType).toBe('Bearer');
  });

  it('refuses other token types', async () => {
    expect((await failure('/mac')).code).toBe('malformed_response');
  });

  it('reads expires_in as a number or a numeric string, and refuses anything else', async () => {
    const before = Date.now();
    const token = await clientFor('/string-expiry').getTokenSet();
    expect(token.expiresAt - before).toBeGreaterThanOrEqual(1_800_000 - 50);
    expect(token.expiresAt - before).toBeLessThanOrEqual(1_800_000 + 1_000);
    expect((await failure('/bad-expiry')).code).toBe('malformed_response');
  });

  it('uses the configured default lifetime when expires_in is missing', async () => {
    const before = Date.now();
    const token = await clientFor('/no-expiry', { defaultTokenLifetimeSeconds: 120 }).getTokenSet();
    expect(token.expiresAt - before).toBeGreaterThanOrEqual(120_000 - 50);
    expect(token.expiresAt - before).toBeLessThanOrEqual(121_000);
  });

  it('treats a 200 without access_token, or with an error body, as an error', async () => {
    expect((await failure('/no-token')).code).toBe('malformed_response');
    const error = await failure('/error-200');
    expect(error.code).toBe('invalid_client');
    expect(error.providerError?.errorDescription).toBe('Client authentication failed.');
  });

  it('calls HTML, truncated JSON and non-objects malformed_response', async () => {
    const html = await failure('/html');
    expect(html.code).toBe('malformed_response');
    expect(html.message).toContain('HTML');
    expect((await failure('/truncated')).code).toBe('malformed_response');
    expect((await failure('/array')).code).toBe('malformed_response');
  });

  it('aborts a body over 1 MiB', async () => {
    const error = await failure('/huge');
    expect(error.code).toBe('response_too_large');
  });

  it('does not follow redirects', async () => {
    const requestsBefore = server.seen.length;
    expect((await failure('/redirect')).code).toBe('malformed_response');
    expect(server.seen.length - requestsBefore).toBe(1);
  });

  it('gives `timeout` when the endpoint does not answer in time', async () => {
    const error = await failure('/slow', 200);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('gives `timeout` when the headers come in time but the body stalls', async () => {
    expect((await failure('/stalled-body', 200)).code).toBe('timeout');
  });

  it('has a 10 s default timeout', async () => {
    const { resolveClientOptions } = await import('../client/client-options.js');
    expect(resolveClientOptions('x').grantContext.timeoutMs).toBe(10_000);
  });

  it('gives provider_unavailable when nothing listens', async () => {
    const closed = await startScriptedServer(() => {});
    await closed.close();
    const error = await createClient(
      oauth2({ id: 'gone', tokenUrl: `${closed.url}/token`, clientId: 'id', clientSecret: 'secret-value' }),
    )
      .getToken()
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('provider_unavailable');
  });
});
