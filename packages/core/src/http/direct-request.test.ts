import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { listenOnLoopback } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IlsClient } from '../client/create-client.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { oauth2ApiClient } from '../test-support/oauth2-api-client.js';

// An API call that is a read (GET or HEAD, no body, no signal) skips `fetch` and goes to undici's
// dispatcher directly. These tests hold it to `fetch`: for every kind of answer, client.fetch() gives the
// Response bare fetch() gives for the same request, and the server sees the same request.

const JSON_BODY = JSON.stringify({ id: 1000004, title: 'Moby Dick; or, The Whale' });
const LARGE_BODY = 'x'.repeat(200 * 1024);

interface Seen {
  path: string;
  method: string;
  rawHeaders: string[];
}

/** The API: one route per kind of answer. Records every request but the token's. */
function answer(req: IncomingMessage, res: ServerResponse) {
  const path = req.url ?? '/';
  const send = (status: number, headers: Record<string, string | string[]>, body?: string | Buffer) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  switch (path) {
    case '/token':
      return send(200, { 'content-type': 'application/json' }, tokenBody());
    case '/small':
      return send(200, { 'content-type': 'application/json', 'x-seen': 'yes' }, JSON_BODY);
    case '/chunked':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(JSON_BODY.slice(0, 10));
      setTimeout(() => res.end(JSON_BODY.slice(10)), 5);
      return;
    case '/large':
      return send(200, { 'content-type': 'text/plain' }, LARGE_BODY);
    case '/gzip':
      return send(200, { 'content-encoding': 'gzip' }, zlib.gzipSync(JSON_BODY));
    case '/deflate':
      return send(200, { 'content-encoding': 'deflate' }, zlib.deflateSync(JSON_BODY));
    case '/deflate-raw':
      return send(200, { 'content-encoding': 'deflate' }, zlib.deflateRawSync(JSON_BODY));
    case '/br':
      return send(200, { 'content-encoding': 'br' }, zlib.brotliCompressSync(JSON_BODY));
    case '/gzip-then-br':
      return send(200, { 'content-encoding': 'gzip, br' }, zlib.brotliCompressSync(zlib.gzipSync(JSON_BODY)));
    case '/unknown-coding':
      return send(200, { 'content-encoding': 'zstd' }, 'not really zstd');
    case '/gzip-chunked': {
      const zipped = zlib.gzipSync(LARGE_BODY);
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.write(zipped.subarray(0, 100));
      setTimeout(() => res.end(zipped.subarray(100)), 5);
      return;
    }
    case '/no-content':
      return send(204, {});
    case '/not-modified':
      return send(304, { etag: '"1"' });
    case '/cookies':
      return send(200, { 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] }, 'ok');
    case '/teapot':
      res.statusMessage = "I'm a teapot";
      return send(418, { 'content-type': 'text/plain' }, 'short and stout');
    case '/error':
      return send(500, { 'content-type': 'application/json' }, '{"code":500}');
    case '/redirect':
      return send(302, { location: '/small' }, 'moved');
    case '/cut':
      // Promises 1,000 bytes and hangs up after 10.
      res.writeHead(200, { 'content-length': '1000' });
      res.write('0123456789');
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    case '/cut-stream':
      res.writeHead(200, { 'content-length': String(LARGE_BODY.length) });
      res.write(LARGE_BODY.slice(0, 70 * 1024));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    case '/endless':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a'.repeat(64 * 1024));
      endless.push(res);
      return;
    case '/trickle': {
      // 20 bytes, one every 25 ms: the Response must come with the headers, as fetch()'s does.
      res.writeHead(200, { 'content-length': '20' });
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        res.write('t');
        if (++sent === 20) {
          clearInterval(timer);
          res.end();
        }
      }, 25);
      return;
    }
    case '/silent':
      silent.push(res); // never answers
      return;
    default:
      return send(404, {}, 'no such route');
  }
}

let issued = 0;
const tokenBody = () =>
  JSON.stringify({ access_token: `token-${++issued}`, token_type: 'Bearer', expires_in: 3600 });

const seen: Seen[] = [];
const endless: ServerResponse[] = [];
const silent: ServerResponse[] = [];
const server = createServer((req, res) => {
  if (req.url !== '/token')
    seen.push({ path: req.url ?? '/', method: req.method ?? 'GET', rawHeaders: req.rawHeaders });
  req.resume();
  req.on('end', () => answer(req, res));
});
let origin = '';
let closeServer: () => Promise<void>;
let client: IlsClient;

beforeAll(async () => {
  ({ url: origin, close: closeServer } = await listenOnLoopback(server));
  client = oauth2ApiClient(origin);
  await client.getToken();
});
afterAll(async () => {
  for (const res of [...endless, ...silent]) res.destroy();
  await closeServer();
});
afterEach(() => {
  seen.length = 0;
});

/** What a test compares of a Response: all of it but the date. */
async function observed(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== 'date' && name !== 'keep-alive');
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    url: response.url,
    redirected: response.redirected,
    headers,
    setCookies: response.headers.getSetCookie(),
    body: Buffer.from(await response.arrayBuffer()).toString('latin1'),
  };
}

/** The request as bare fetch() makes it with the headers client.fetch() sent (minus fetch's own). */
async function bareFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await client.getToken();
  const headers = { authorization: `Bearer ${token}`, 'user-agent': userAgentSent() };
  return fetch(`${origin}${path}`, { ...init, headers: { ...headers, ...(init.headers as object) } });
}

function userAgentSent(): string {
  const raw = seen.at(-1)?.rawHeaders ?? [];
  return raw[raw.findIndex((value, i) => i % 2 === 0 && value.toLowerCase() === 'user-agent') + 1] ?? '';
}

/** A request's headers as pairs, host and connection aside (the connection decides those). */
function headerPairs(request: Seen): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    if (name !== 'host' && name !== 'connection') pairs.push(`${name}: ${request.rawHeaders[i + 1]}`);
  }
  return pairs.sort();
}

describe('client.fetch() reads without fetch(), as fetch() would', () => {
  const paths = [
    '/small',
    '/chunked',
    '/large',
    '/gzip',
    '/deflate',
    '/deflate-raw',
    '/br',
    '/gzip-then-br',
    '/unknown-coding',
    '/gzip-chunked',
    '/no-content',
    '/not-modified',
    '/cookies',
    '/teapot',
    '/error',
    '/redirect',
    '/missing',
  ];

  it.each(paths)('GET %s: the same Response as bare fetch()', async (path) => {
    const ours = await observed(await client.fetch(path));
    const theirs = await observed(await bareFetch(path));
    expect(ours).toEqual(theirs);
  });

  it.each(['/small', '/gzip', '/no-content', '/redirect'])(
    'HEAD %s: the same Response as bare fetch()',
    async (path) => {
      const ours = await observed(await client.fetch(path, { method: 'HEAD' }));
      const theirs = await observed(await bareFetch(path, { method: 'HEAD' }));
      expect(ours).toEqual(theirs);
    },
  );

  it('a redirect not followed: the 302 as bare fetch() gives it', async () => {
    const ours = await observed(await client.fetch('/redirect', { redirect: 'manual' }));
    const theirs = await observed(await bareFetch('/redirect', { redirect: 'manual' }));
    expect(ours).toEqual(theirs);
    expect(ours.status).toBe(302);
  });

  it('sends the very headers bare fetch() sends, X-Forwarded-For and the caller’s included', async () => {
    await (await client.fetch('/small', { forwardedFor: '203.0.113.9' })).text();
    await (await bareFetch('/small', { headers: { 'x-forwarded-for': '203.0.113.9' } })).text();
    await (
      await client.fetch('/small', { headers: { Accept: 'application/json', 'X-Trace': 'abc' } })
    ).text();
    await (await bareFetch('/small', { headers: { accept: 'application/json', 'x-trace': 'abc' } })).text();
    expect(seen.map((request) => request.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
    expect(headerPairs(seen[0]!)).toEqual(headerPairs(seen[1]!));
    expect(headerPairs(seen[2]!)).toEqual(headerPairs(seen[3]!));
    expect(headerPairs(seen[0]!)).toContain('x-forwarded-for: 203.0.113.9');
    expect(headerPairs(seen[2]!)).toContain('accept: application/json');
  });

  it('a body that trickles: the Response comes with the headers, the body as it arrives', async () => {
    const started = Date.now();
    const response = await client.fetch('/trickle');
    expect(Date.now() - started).toBeLessThan(250);
    expect(await response.text()).toBe('t'.repeat(20));
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it.each(['/cut', '/cut-stream'])(
    'a body cut short (%s): its read fails, as with bare fetch()',
    async (path) => {
      for (const response of [await client.fetch(path), await bareFetch(path)])
        await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    },
  );

  it('a body the caller cancels hangs up on the server instead of holding the connection', async () => {
    const response = await client.fetch('/endless');
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const closed = new Promise((resolve) => endless.at(-1)!.once('close', resolve));
    await reader.cancel();
    await closed;
    // The pool still serves.
    expect((await client.fetch('/small')).status).toBe(200);
  });

  it('a server that never answers: `timeout` after the client’s deadline', async () => {
    const slowClient = oauth2ApiClient(origin, { requestTimeoutMs: 5_000 });
    await slowClient.getToken();
    const started = Date.now();
    const error = await slowClient.fetch('/silent').catch((caught: unknown) => caught);
    expect(isIlsAuthError(error) && error.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
  }, 15_000);

  it('a fetch() put in place of Node’s (a test tool’s, an app’s wrapper) sees every call', async () => {
    const nodeFetch = globalThis.fetch;
    const calls: string[] = [];
    vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input));
      return nodeFetch(input, init);
    });
    try {
      const wrapped = oauth2ApiClient(origin);
      expect((await wrapped.fetch('/small')).status).toBe(200);
      expect(calls).toEqual([`${origin}/token`, `${origin}/small`]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
