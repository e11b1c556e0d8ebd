import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { createRuntime, type RunningServer, serve } from './emulator-server.js';
import { jsonReply } from './http.js';
import { route } from './router.js';

let server: RunningServer;
beforeAll(async () => {
  server = await serve(createRuntime(), {
    system: 'demo',
    routes: [
      route('POST', /^\/token$/, 'demo.token', () => jsonReply(200, { access_token: 'real' }), {
        tokenEndpoint: true,
      }),
      route('GET', /^\/api\/thing$/, 'demo.thing', () => jsonReply(200, { thing: true })),
    ],
    errors: { forStatus: (status) => jsonReply(status, { demoError: status }, 'application/demo+json') },
    restart: () => {},
  });
});
afterAll(() => server.close());
beforeEach(() => server.controls.clearFaults());

const token = () => fetch(`${server.origin}/token`, { method: 'POST' });
const thing = () => fetch(`${server.origin}/api/thing`);

describe('fault injection', () => {
  it('answers a 5xx in the system error shape, once by default', async () => {
    server.controls.inject({ endpoint: 'demo.token', status: 500 });
    const failed = await token();
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toBe('application/demo+json');
    expect(await readJson(failed)).toEqual({ demoError: 500 });
    expect((await token()).status).toBe(200);
  });

  it('sends 503 with Retry-After, as many times as asked', async () => {
    server.controls.inject({ endpoint: 'demo.token', status: 503, retryAfter: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await token();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
    }
    expect((await token()).status).toBe(200);
  });

  it('matches by endpoint, by path prefix, or any request', async () => {
    server.controls.inject({ endpoint: 'demo.thing', status: 502 });
    expect((await token()).status).toBe(200);
    expect((await thing()).status).toBe(502);
    server.controls.inject({ path: '/api/', status: 504 });
    expect((await token()).status).toBe(200);
    expect((await thing()).status).toBe(504);
    server.controls.inject({ status: 500 });
    expect((await token()).status).toBe(500);
  });

  it('resets the connection without answering', async () => {
    server.controls.inject({ endpoint: 'demo.token', reset: true });
    const error = await token().then(
      () => undefined,
      (failure: Error & { cause?: { code?: string } }) => failure,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(server.controls.requests().at(-1)).toMatchObject({ endpoint: 'demo.token', status: 0 });
    expect((await token()).status).toBe(200);
  });

  it('sends raw bodies: malformed JSON, an HTML error page, a 200 carrying an error', async () => {
    server.controls.inject({ endpoint: 'demo.token', body: '{"access_token": ' });
    const malformed = await token();
    expect(malformed.status).toBe(200);
    expect(await malformed.text()).toBe('{"access_token": ');

    server.controls.inject({
      endpoint: 'demo.token',
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
    });
    const html = await token();
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);

    server.controls.inject({
      endpoint: 'demo.token',
      status: 200,
      body: '{"error":"server_error"}',
      contentType: 'application/json',
    });
    const disguised = await token();
    expect(disguised.status).toBe(200);
    expect(await readJson(disguised)).toEqual({ error: 'server_error' });
  });

  it('delays alone (then answers normally) or before a failure', async () => {
    server.controls.inject({ endpoint: 'demo.token', delayMs: 200 });
    let started = performance.now();
    const slow = await token();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(await readJson(slow)).toEqual({ access_token: 'real' });

    server.controls.inject({ endpoint: 'demo.token', delayMs: 500 });
    started = performance.now();
    await expect(
      fetch(`${server.origin}/token`, { method: 'POST', signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(450);
  });

  it('trickles a body a byte at a time: headers at once, the given body in full, or spaces without end', async () => {
    server.controls.inject({ endpoint: 'demo.thing', trickleMs: 20, body: '{"a":1}' });
    const started = Date.now();
    const slow = await thing();
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(100);
    expect(await slow.text()).toBe('{"a":1}');
    expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 20 - 5);

    server.controls.inject({ endpoint: 'demo.thing', trickleMs: 10 });
    const endless = await thing();
    const reader = endless.body!.getReader();
    let received = 0;
    while (received < 5) received += (await reader.read()).value?.byteLength ?? 0;
    await reader.cancel();
    expect(received).toBeGreaterThanOrEqual(5);
    expect((await thing()).status).toBe(200);
  });

  it('can be cleared', async () => {
    server.controls.inject({ status: 500, times: 5 });
    server.controls.clearFaults();
    expect((await token()).status).toBe(200);
  });
});

describe('the echo fault', () => {
  it('repeats the credentials of the request in every form, as a careless server would', async () => {
    server.controls.inject({ endpoint: 'demo.token', echo: true });
    const response = await fetch(`${server.origin}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('app:s3cret/key').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=password&username=23025000000001&password=p%40ss+word',
    });
    expect(response.status).toBe(400);
    const said = ((await readJson(response)) as { error_description: string }).error_description;
    expect(said).toContain(Buffer.from('app:s3cret/key').toString('base64'));
    expect(said).toContain('client app:s3cret/key');
    expect(said).toContain('password=p%40ss+word');
    expect(said).toContain('password is p@ss word (p%40ss%20word)');
    expect(said).toContain('username is 23025000000001');
    expect((await token()).status).toBe(200);
  });

  it('is refused when it is not a boolean', () => {
    expect(() => server.controls.inject({ echo: 'yes' } as never)).toThrow('fault.echo: expected a boolean');
  });
});
