import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { type OverDriveEmulator, type SierraEmulator, startOverDrive, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, sierraFlags, stderrLines } from '../testing/run-cli.js';

let sierra: SierraEmulator;
let overdrive: OverDriveEmulator;

beforeAll(async () => {
  assertBuilt();
  [sierra, overdrive] = await Promise.all([startSierra(), startOverDrive()]);
});

afterAll(async () => {
  await Promise.all([sierra?.close(), overdrive?.close()]);
});

beforeEach(() => {
  sierra.controls.clearFaults();
  sierra.controls.clearRequests();
});

const sierraArgs = (baseUrl = sierra.url) => sierraFlags(baseUrl, sierra.credentials);

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('request', () => {
  it('GETs a Sierra bib by relative path: status line on stderr, body on stdout', async () => {
    const bib = sierra.bibs[0];
    if (!bib) throw new Error('seed has no bib');
    const result = await runCli(['request', 'sierra', `bibs/${bib.id}`, ...sierraArgs()]);
    expect(result.code).toBe(0);
    expect(stderrLines(result)).toEqual(['HTTP 200 OK']);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: bib.id, title: bib.title });
  });

  it('exits 3 on a 4xx answer and still prints its body', async () => {
    const result = await runCli(['request', 'sierra', 'v6/bibs/9999999', ...sierraArgs()]);
    expect(result.code).toBe(3);
    expect(stderrLines(result)).toEqual(['HTTP 404 Not Found']);
    expect(JSON.parse(result.stdout)).toMatchObject({ httpStatus: 404 });
  });

  it('exits 4 on a 5xx answer', async () => {
    sierra.controls.inject({ endpoint: 'sierra.bibs.get', status: 503 });
    const result = await runCli(['request', 'sierra', 'bibs/1000004', ...sierraArgs()]);
    expect(result.code).toBe(4);
    expect(stderrLines(result)[0]).toMatch(/^HTTP 503/);
  });

  it('survives a server restart between getting the token and using it (one retry, new token)', async () => {
    // The bib request hangs; the server restarts meanwhile (revoking every token), then answers 401.
    sierra.controls.inject({ endpoint: 'sierra.bibs.get', delayMs: 1_500 });
    const running = runCli(['request', 'sierra', 'bibs/1000004', ...sierraArgs()]);
    await waitFor(() => sierra.controls.requests().some((entry) => entry.endpoint === 'sierra.bibs.get'));
    sierra.controls.restart();
    const result = await running;
    expect(stderrLines(result)).toEqual(['HTTP 200 OK']);
    expect(result.code).toBe(0);
    expect(sierra.controls.tokenRequests('sierra.token')).toBe(2);
    const bibCalls = sierra.controls.requests().filter((entry) => entry.endpoint === 'sierra.bibs.get');
    expect(bibCalls.map((entry) => entry.status)).toEqual([401, 200]);
  });

  it('POSTs --data as JSON (Sierra validates the PIN it carries)', async () => {
    const patron = sierra.patrons[0];
    if (!patron) throw new Error('seed has no patron');
    const body = (pin: string) => JSON.stringify({ barcode: patron.barcodes[0], pin });
    const ok = await runCli([
      'request',
      'sierra',
      'patrons/validate',
      ...sierraArgs(),
      '--data',
      body(patron.pin),
    ]);
    expect([ok.code, stderrLines(ok)]).toEqual([0, ['HTTP 204 No Content']]);
    const wrong = await runCli([
      'request',
      'sierra',
      'patrons/validate',
      ...sierraArgs(),
      '--data',
      body('0000'),
    ]);
    expect(wrong.code).toBe(3);
    expect(stderrLines(wrong)[0]).toMatch(/^HTTP 400/);
  });

  it('sends --method, --header and --data with the bearer token to an oauth2 API base', async () => {
    const seen: { method?: string; headers?: IncomingHttpHeaders; body?: string } = {};
    const api = createHttpServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        Object.assign(seen, { method: req.method, headers: req.headers, body, url: req.url });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"created":true}');
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = api.address() as AddressInfo;
      const result = await runCli([
        'request',
        'oauth2',
        'items/7',
        '--token-url',
        overdrive.tokenUrl,
        '--base-url',
        `http://127.0.0.1:${port}/v1`,
        '--client-id',
        overdrive.credentials.clientId,
        '--client-secret',
        overdrive.credentials.clientSecret,
        '--method',
        'put',
        '--header',
        'X-Trace: abc 123',
        '--data',
        '{"a":1}',
      ]);
      expect([result.code, result.stdout, stderrLines(result)]).toEqual([
        0,
        '{"created":true}\n',
        ['HTTP 201 Created'],
      ]);
      expect(seen.method).toBe('PUT');
      expect(seen.headers?.['x-trace']).toBe('abc 123');
      expect(seen.headers?.['content-type']).toBe('application/json');
      expect(seen.headers?.authorization).toMatch(/^Bearer \S+$/);
      expect(seen.body).toBe('{"a":1}');
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });

  it('calls OverDrive Discovery with the application token', async () => {
    const result = await runCli([
      'request',
      'overdrive',
      `v1/libraries/${overdrive.libraryId}`,
      '--oauth-url',
      overdrive.oauthUrl,
      '--api-url',
      overdrive.apiUrl,
      '--client-id',
      overdrive.credentials.clientId,
      '--client-secret',
      overdrive.credentials.clientSecret,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: overdrive.libraryId });
  });

  it('exits 4 with one provider_unavailable line when nothing listens', async () => {
    const port = await closedPort();
    const result = await runCli([
      'request',
      'sierra',
      'bibs/1',
      ...sierraArgs(`http://127.0.0.1:${port}/iii/sierra-api`),
    ]);
    expect(result.code).toBe(4);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^ils-auth: provider_unavailable: /);
    expect(result.stderr).not.toContain(sierra.credentials.clientSecret);
  });

  it('exits 4 with timeout when the token endpoint hangs past --timeout', async () => {
    sierra.controls.inject({ endpoint: 'sierra.token', delayMs: 3_000 });
    const result = await runCli(['token', 'sierra', ...sierraArgs(), '--timeout', '0.5']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^ils-auth: timeout: /);
  });

  it('refuses rero, which has no application token (exit 2)', async () => {
    const result = await runCli(['request', 'rero', 'api/x', '--client-id', 'a', '--client-secret', 'b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ils-auth: usage: request makes calls with an application token/);
  });

  it("refuses a command line that asks for a patron's token (exit 2)", async () => {
    const result = await runCli([
      'request',
      'oauth2',
      'api/x',
      '--token-url',
      `${sierra.url}/v6/token`,
      '--client-id',
      'a',
      '--client-secret',
      'b',
      '--username',
      'card',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^ils-auth: usage: request makes calls with an application token.*patron's token/,
    );
  });

  it('rejects --data that is not JSON and a malformed --header (exit 2)', async () => {
    const bad = await runCli(['request', 'sierra', 'bibs/1', ...sierraArgs(), '--data', '{nope']);
    expect([bad.code, bad.stderr]).toEqual([2, 'ils-auth: usage: --data: not valid JSON\n']);
    const header = await runCli(['request', 'sierra', 'bibs/1', ...sierraArgs(), '--header', 'no colon']);
    expect(header.code).toBe(2);
    expect(header.stderr).toBe("ils-auth: usage: --header: expected 'Name: value'\n");
  });
});

describe('info sierra', () => {
  it("prints Sierra's info/token for the application token", async () => {
    const result = await runCli(['info', 'sierra', ...sierraArgs()]);
    expect(result.code).toBe(0);
    expect(stderrLines(result)).toEqual(['HTTP 200 OK']);
    expect(JSON.parse(result.stdout)).toMatchObject({
      keyId: sierra.credentials.clientId,
      expiresIn: expect.any(Number),
    });
  });

  it('supports Sierra only (exit 2)', async () => {
    const result = await runCli(['info', 'overdrive', '--client-id', 'a', '--client-secret', 'b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ils-auth: usage: info supports sierra only/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
