import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { createRuntime, type RunningServer, serve } from './emulator-server.js';
import { jsonReply } from './http.js';
import { route } from './router.js';

// A made-up system, so the pipeline is tested apart from any provider's rules.
let server: RunningServer;
beforeAll(async () => {
  const runtime = createRuntime();
  server = await serve(runtime, {
    system: 'demo',
    routes: [
      route('POST', /^\/token$/, 'demo.token', () => jsonReply(200, { access_token: 'x' }), {
        tokenEndpoint: true,
      }),
      route('POST', /^\/echo$/, 'demo.echo', async (ctx) =>
        jsonReply(200, { length: (await ctx.text()).length }),
      ),
      route('GET', /^\/thing\/(\d+)$/, 'demo.thing', (ctx) => jsonReply(200, { id: ctx.params[0] })),
    ],
    errors: { forStatus: (status) => jsonReply(status, { demoError: status }) },
    restart: () => {},
  });
});
afterAll(() => server.close());

const url = (path: string) => `${server.origin}${path}`;

describe('request pipeline', () => {
  it('routes, and answers unknown paths and wrong methods in the system error shape', async () => {
    expect(await readJson(await fetch(url('/thing/7')))).toEqual({ id: '7' });
    const missing = await fetch(url('/nope'));
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({ demoError: 404 });
    const wrongMethod = await fetch(url('/thing/7'), { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    const declared = await fetch(url('/echo'), { method: 'POST', body: 'x'.repeat(200_000) });
    expect(declared.status).toBe(413);
    expect(await readJson(declared)).toEqual({ demoError: 413 });
    // Chunked, with no Content-Length to refuse up front.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(new Uint8Array(1024));
        controller.close();
      },
    });
    const chunked = await fetch(url('/echo'), {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await fetch(url('/echo'), { method: 'POST', body: 'small' })).status).toBe(200);
  });

  it('answers a request target that is not a path with 400 instead of crashing', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '*', method: 'OPTIONS' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it('logs method, path without query, endpoint, status and the client headers, never Authorization', async () => {
    server.controls.clearRequests();
    await fetch(url('/token?code=secret-code'), {
      method: 'POST',
      headers: {
        'User-Agent': 'MyLibraryApp/1.0',
        'X-Forwarded-For': '203.0.113.9',
        Authorization: 'Basic c2VjcmV0',
      },
    });
    await fetch(url('/nope'));
    const [token, unknown] = server.controls.requests();
    expect(token).toMatchObject({
      method: 'POST',
      path: '/token',
      endpoint: 'demo.token',
      status: 200,
      headers: { userAgent: 'MyLibraryApp/1.0', forwardedFor: '203.0.113.9' },
    });
    expect(JSON.stringify(token)).not.toContain('c2VjcmV0');
    expect(unknown).toMatchObject({ endpoint: 'demo.unknown', status: 404 });
    expect(server.controls.tokenRequests()).toBe(1);
    expect(server.controls.tokenRequests('demo.unknown')).toBe(1);
  });

  it('serves the log and controls over /__emulator/*, without logging itself', async () => {
    server.controls.clearRequests();
    await fetch(url('/token'), { method: 'POST' });
    await fetch(url('/thing/1'));
    const log = await readJson(await fetch(url('/__emulator/requests')));
    expect(log).toMatchObject({
      total: 2,
      tokenRequests: 1,
      byEndpoint: { 'demo.token': 1, 'demo.thing': 1 },
    });
    expect(log.entries).toHaveLength(2);

    const before = server.controls.now();
    const advanced = await fetch(url('/__emulator/advance?seconds=90'), { method: 'POST' });
    expect((await readJson(advanced)).now).toBeGreaterThanOrEqual(before + 90_000);
    expect((await fetch(url('/__emulator/advance?seconds=-1'), { method: 'POST' })).status).toBe(400);
    expect((await fetch(url('/__emulator/restart'), { method: 'POST' })).status).toBe(204);

    const fault = await fetch(url('/__emulator/faults'), {
      method: 'POST',
      body: JSON.stringify({ endpoint: 'demo.thing', status: 502 }),
    });
    expect(fault.status).toBe(204);
    expect((await fetch(url('/thing/1'))).status).toBe(502);
    expect((await fetch(url('/__emulator/faults'), { method: 'POST', body: '{"bogus":1}' })).status).toBe(
      400,
    );

    expect((await fetch(url('/__emulator/reset-log'), { method: 'POST' })).status).toBe(204);
    expect(server.controls.requests()).toEqual([]);
    expect((await fetch(url('/__emulator/other'))).status).toBe(404);
  });

  it('adds latency to every response', async () => {
    server.controls.setLatency(150);
    try {
      const started = performance.now();
      await fetch(url('/thing/1'));
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      server.controls.setLatency(0);
    }
  });

  it('validates control arguments with errors that name them', () => {
    expect(() => server.controls.setTokenTtl(-1)).toThrow(/setTokenTtl/);
    expect(() => server.controls.advance(Number.NaN)).toThrow(/advance/);
    expect(() => server.controls.inject({ status: 1000 })).toThrow(/fault\.status/);
  });
});

describe('emulator server', () => {
  it('listens on loopback only and on a given port', async () => {
    expect(() => createRuntime({ host: '0.0.0.0' })).toThrow(/loopback/);
    expect(() => createRuntime({ port: 70_000 })).toThrow(/port/);
    const fixed = await serve(createRuntime({ port: 0, host: 'localhost' }), {
      system: 'demo',
      routes: [],
      errors: { forStatus: (status) => jsonReply(status, {}) },
      restart: () => {},
    });
    expect(fixed.origin).toBe(`http://localhost:${fixed.port}`);
    await fixed.close();
  });

  it('closes at once even with keep-alive connections open and requests hanging', async () => {
    const other = await serve(createRuntime(), {
      system: 'demo',
      routes: [route('GET', /^\/$/, 'demo.root', () => jsonReply(200, {}))],
      errors: { forStatus: (status) => jsonReply(status, {}) },
      restart: () => {},
    });
    await fetch(`${other.origin}/`); // leaves a keep-alive socket
    other.controls.inject({ delayMs: 60_000 });
    const hanging = fetch(`${other.origin}/`).catch(() => 'reset');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBe('reset');
    await other.close(); // idempotent
  });
});
