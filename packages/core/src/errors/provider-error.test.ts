import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { oauth2 } from '../providers/oauth2.js';
import { overdrive } from '../providers/overdrive.js';
import { sierra } from '../providers/sierra.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';
import { type IlsAuthError, isIlsAuthError } from './ils-auth-error.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

// Bodies verbatim as recorded; each id's source is in docs/providers.md, "Recorded responses".
const SI1 =
  '{"code":113,"specificCode":0,"httpStatus":401,"name":"Unauthorized","description":"Invalid or missing authorization header"}';
const SI2 = '{"code":106,"specificCode":0,"httpStatus":400,"name":"Parameter not recognized"}';
const OD2 =
  '{"error":"unauthorized_client","error_description":"Invalid Library Card: 123456.  Not a valid card."}';
const OD4 =
  '{\n    "errorCode": "NotFound", \n    "message": "The requested resource could not be found.", \n    "token": "60a18218-0d25-42b8-80c3-0bf9df782f1b"\n}';
const OD8 = '{"error": "invalid_client","error_description": "The client secret was incorrect."}';

const routes: Record<string, { status: number; body: string; headers?: Record<string, string> }> = {
  '/si1/v6/token': { status: 401, body: SI1, headers: { 'www-authenticate': 'Bearer realm=sierra-api' } },
  '/si2/v6/token': { status: 400, body: SI2 },
  '/sierra-basic/v6/token': {
    status: 401,
    body: '',
    headers: { 'www-authenticate': 'Basic realm="sierra-api"' },
  },
  '/od2/token': { status: 400, body: OD2 },
  '/od4/token': { status: 404, body: OD4 },
  '/od8/token': { status: 401, body: OD8 },
  '/rfc/token': { status: 400, body: '{"error":"invalid_grant","error_description":"Code expired"}' },
  '/challenge/token': {
    status: 401,
    body: '',
    headers: {
      'www-authenticate':
        'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    },
  },
  '/busy/token': { status: 503, body: '<html>down</html>', headers: { 'retry-after': '120' } },
  '/limited/token': { status: 429, body: '' },
};

describe('provider error bodies become IlsAuthErrors with stable codes', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  beforeAll(async () => {
    server = await startScriptedServer((req, res) => {
      const route = routes[req.url];
      if (!route) return json(res, 404, {});
      res.writeHead(route.status, { 'content-type': 'application/json', ...route.headers });
      res.end(route.body);
    });
  });
  afterAll(() => server.close());

  const fail = async (client: { getToken(): Promise<string> }): Promise<IlsAuthError> => {
    const error = await client.getToken().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isIlsAuthError(error)) throw new Error('expected an IlsAuthError');
    return error;
  };
  const sierraAt = (prefix: string) =>
    createClient(
      sierra({ baseUrl: `${server.url}/${prefix}`, clientId: 'key', clientSecret: 'pleaseletmein' }),
    );
  const generic = (prefix: string) =>
    createClient(
      oauth2({
        id: 'gen',
        tokenUrl: `${server.url}/${prefix}/token`,
        clientId: 'id',
        clientSecret: 'secret',
      }),
    );

  it('reads Sierra SI-1 (code 113, unquoted realm) as invalid_token with all of Sierra’s fields', async () => {
    const error = await fail(sierraAt('si1'));
    expect(error.code).toBe('invalid_token');
    expect(error.status).toBe(401);
    expect(error.provider).toBe('sierra');
    expect(error.providerError).toEqual({
      sierraCode: 113,
      specificCode: 0,
      name: 'Unauthorized',
      description: 'Invalid or missing authorization header',
    });
  });

  it('reads Sierra SI-2, which has no description', async () => {
    const error = await fail(sierraAt('si2'));
    expect(error.code).toBe('provider_error');
    expect(error.providerError).toEqual({
      sierraCode: 106,
      specificCode: 0,
      name: 'Parameter not recognized',
    });
    expect(error.message).toContain('Parameter not recognized');
  });

  it('reads a bare 401 with a Basic challenge as invalid_client', async () => {
    expect((await fail(sierraAt('sierra-basic'))).code).toBe('invalid_client');
  });

  it('reads OverDrive OD-2 (400 unauthorized_client) and redacts nothing it was not told to', async () => {
    const client = createClient(
      overdrive({ clientId: 'od', clientSecret: 'od-s3cr3t-value', oauthUrl: `${server.url}/od2` }),
    );
    const error = await fail(client);
    expect(error.code).toBe('unauthorized_client');
    expect(error.providerError?.errorDescription).toBe('Invalid Library Card: 123456.  Not a valid card.');
  });

  it('reads OverDrive’s other shape {errorCode, message, token} (OD-4)', async () => {
    const error = await fail(
      createClient(
        overdrive({ clientId: 'od', clientSecret: 'od-s3cr3t-value', oauthUrl: `${server.url}/od4` }),
      ),
    );
    expect(error.code).toBe('provider_error');
    expect(error.status).toBe(404);
    expect(error.providerError).toEqual({
      error: 'NotFound',
      errorDescription: 'The requested resource could not be found.',
    });
  });

  it('reads RFC 6749 JSON (OD-8, invalid_grant) with its description', async () => {
    const od8 = await fail(
      createClient(
        overdrive({ clientId: 'od', clientSecret: 'od-s3cr3t-value', oauthUrl: `${server.url}/od8` }),
      ),
    );
    expect(od8.code).toBe('invalid_client');
    expect(od8.message).toContain('The client secret was incorrect.');
    const rfc = await fail(generic('rfc'));
    expect(rfc.code).toBe('invalid_grant');
  });

  it('reads an RFC 6750 challenge with quoted parameters', async () => {
    const error = await fail(generic('challenge'));
    expect(error.code).toBe('invalid_token');
    expect(error.providerError).toEqual({
      challengeError: 'invalid_token',
      error: 'invalid_token',
      errorDescription: 'The access token expired',
    });
  });

  it('marks 503 and 429 retryable, with Retry-After', async () => {
    const busy = await fail(generic('busy'));
    expect(busy.code).toBe('provider_unavailable');
    expect(busy.retryable).toBe(true);
    expect(busy.retryAfter).toBe(120);
    expect((await fail(generic('limited'))).code).toBe('rate_limited');
  });
});

describe('parseWwwAuthenticate', () => {
  it('reads quoted and unquoted realms and several challenges', () => {
    expect(parseWwwAuthenticate('Bearer realm=sierra-api')).toEqual([
      { scheme: 'bearer', params: { realm: 'sierra-api' } },
    ]);
    expect(parseWwwAuthenticate('Basic realm="sierra-api"')).toEqual([
      { scheme: 'basic', params: { realm: 'sierra-api' } },
    ]);
    expect(
      parseWwwAuthenticate('Basic realm="a, b", Bearer error="invalid_token", error_description="x \\"y\\""'),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'a, b' } },
      { scheme: 'bearer', params: { error: 'invalid_token', error_description: 'x "y"' } },
    ]);
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
  });
});
