import type { ChildProcess } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import {
  alma,
  createPatronAuth,
  evergreen,
  folio,
  IlsAuthError,
  type ProviderDescriptor,
  polaris,
  symphony,
} from '@ils-auth/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, collect, startCli, stderrLines } from '../testing/run-cli.js';

beforeAll(() => assertBuilt());

const children: ChildProcess[] = [];
afterEach(() => {
  // A failed test must not leave an emulator running.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

type Line = Record<string, unknown> & { system: string; url: string };

/** The port a system listens on: from its URL, or a SIP2 server's `port`. */
const portOf = (line: Line) => (line.url === undefined ? Number(line.port) : Number(new URL(line.url).port));

/** Starts `ils-auth emulator …` and resolves with its JSON lines once `count` have arrived. */
async function startEmulators(args: string[], count: number) {
  const child = startCli(['emulator', ...args]);
  children.push(child);
  const done = collect(child);
  const lines = await new Promise<Line[]>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const complete = buffer.split('\n').slice(0, -1);
      if (complete.length >= count) resolve(complete.map((line) => JSON.parse(line) as Line));
    });
    child.once('close', (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
  return { child, lines, done };
}

/** What the command wrote on stderr (its hint for people), once it holds `marker`. */
function stderrUntil(child: ChildProcess, marker: string): Promise<string> {
  let said = '';
  return new Promise((resolve) => {
    const read = (chunk: Buffer | string) => {
      said += String(chunk);
      if (said.includes(marker)) resolve(said);
    };
    child.stderr?.on('data', read);
    read('');
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Two consecutive free ports (checked by binding them), for --port. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const servers: Server[] = [];
    try {
      for (const port of [base, base + 1]) {
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', resolve);
        });
        servers.push(server);
      }
      return base;
    } catch {
      // taken; try another
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  }
  throw new Error('no free port pair found');
}

describe('ils-auth emulator', () => {
  it('prints one JSON line per system, serves tokens, and stops cleanly on SIGTERM', async () => {
    const { child, lines, done } = await startEmulators([], 10);
    // The documented order, which --port N follows.
    expect(lines.map((line) => line.system).join(',')).toBe(
      'sierra,overdrive,rero,koha,sip2,folio,polaris,symphony,alma,evergreen',
    );
    const [sierra, overdrive, rero, koha, sip2] = lines as [Line, Line, Line, Line, Line];
    expect(sip2).toMatchObject({
      host: '127.0.0.1',
      port: expect.any(Number),
      tls: false,
      loginUserId: expect.any(String),
      loginPassword: expect.any(String),
      institution: expect.any(String),
      unknownBarcode: expect.any(String),
    });
    expect((sip2.patrons as { state: string }[]).map((patron) => patron.state)).toEqual([
      'valid',
      'blocked',
      'lost',
      'expired',
      'fines',
      'unicode',
      'noPin',
    ]);
    expect(koha).toMatchObject({
      tokenUrl: `${koha.url}/api/v1/oauth/token`,
      clientSecret: expect.any(String),
    });
    expect(sierra).toMatchObject({ tokenUrl: `${sierra.url}/v6/token`, clientId: expect.any(String) });
    expect(sierra.patrons).toContainEqual(
      expect.objectContaining({ barcode: expect.any(String), pin: expect.any(String) }),
    );
    expect(overdrive).toMatchObject({
      oauthUrl: expect.any(String),
      patronOauthUrl: expect.any(String),
      websiteId: expect.any(Number),
    });
    expect(rero).toMatchObject({ tokenUrl: `${rero.url}/oauth/token`, clientSecret: expect.any(String) });
    expect(rero.patrons).toContainEqual(
      expect.objectContaining({ email: expect.any(String), password: expect.any(String) }),
    );

    // A token from the URL and credentials it printed.
    const basic = Buffer.from(`${String(sierra.clientId)}:${String(sierra.clientSecret)}`).toString('base64');
    const response = await fetch(String(sierra.tokenUrl), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ access_token: expect.any(String) });

    child.kill('SIGTERM');
    const result = await done;
    expect([result.code, result.signal]).toEqual([0, null]);
    for (const line of lines) expect(await refusesConnections(portOf(line))).toBe(true);
    // The human hint is on stderr, and without any secret.
    expect(result.stderr).toContain('Ctrl-C');
    expect(result.stderr).toMatch(/sip2 {6}127\.0\.0\.1:\d+ \(TCP\)/);
    for (const line of lines) expect(result.stderr).not.toContain(String(line.clientSecret));
    expect(result.stderr).not.toContain(String(sip2.loginPassword));
  });

  it('--only and --port: starts the named systems on N, N+1 in the documented order; SIGINT stops them', async () => {
    const port = await freePortPair();
    const { child, lines, done } = await startEmulators(
      ['--only', 'rero,overdrive', '--port', String(port)],
      2,
    );
    expect(lines.map((line) => [line.system, new URL(line.url).port])).toEqual([
      ['overdrive', String(port)],
      ['rero', String(port + 1)],
    ]);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(await refusesConnections(port)).toBe(true);
  });

  it('--only sip2 --sip2-tls: a SIP2 server on implicit TLS whose login works with the printed CA', async () => {
    const { child, lines, done } = await startEmulators(
      ['--only', 'sip2', '--sip2-tls', '--sip2-flavour', 'koha', '--sip2-encoding', 'windows-1252'],
      1,
    );
    const sip2 = lines[0] as Line;
    expect(sip2).toMatchObject({
      system: 'sip2',
      tls: true,
      ca: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/),
    });
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: Number(sip2.port),
      ca: String(sip2.ca),
      servername: 'localhost',
    });
    const answer = await new Promise<string>((resolve, reject) => {
      socket.once('secureConnect', () =>
        socket.write(`9300CN${String(sip2.loginUserId)}|CO${String(sip2.loginPassword)}|\r`),
      );
      socket.once('data', (chunk) => resolve(chunk.toString()));
      socket.once('error', reject);
    });
    socket.destroy();
    expect(answer).toBe('941\r');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('implicit TLS');
  });

  it('--token-ttl sets the lifetime of issued tokens', async () => {
    const { child, lines, done } = await startEmulators(['--only', 'sierra', '--token-ttl', '120'], 1);
    const sierra = lines[0] as Line;
    const basic = Buffer.from(`${String(sierra.clientId)}:${String(sierra.clientSecret)}`).toString('base64');
    const response = await fetch(String(sierra.tokenUrl), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(await response.json()).toMatchObject({ expires_in: 120 });
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });

  it('--only koha: the hint is a Koha command that works once the JSON line fills its placeholders', async () => {
    const { child, lines, done } = await startEmulators(['--only', 'koha'], 1);
    const koha = lines[0] as Line;
    const hinted = await stderrUntil(child, '\n  ils-auth ');
    const command = /\n {2}ils-auth (.+)\n/.exec(hinted)?.[1] ?? '';
    expect(command).toBe(
      `token koha --base-url ${koha.url} --client-id <clientId> --client-secret <clientSecret>`,
    );
    expect(hinted).not.toContain('sierra');
    const filled = command
      .replace('<clientId>', String(koha.clientId))
      .replace('<clientSecret>', String(koha.clientSecret));
    const token = await collect(startCli(filled.split(' ')));
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ access_token: expect.any(String) });
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });

  it('--only the five: each JSON line configures its descriptor as the hint says, and its first patron signs in', async () => {
    const { child, lines, done } = await startEmulators(
      ['--only', 'evergreen,alma,symphony,polaris,folio'],
      5,
    );
    const text = (line: Line, key: string) => String(line[key]);
    // The descriptor each hint names, from the fields of the line as the hint names them.
    const descriptors: Record<string, (line: Line) => ProviderDescriptor> = {
      folio: (line) =>
        folio({
          okapiUrl: text(line, 'okapiUrl'),
          tenant: text(line, 'tenant'),
          username: text(line, 'username'),
          password: text(line, 'password'),
        }),
      polaris: (line) =>
        polaris({
          baseUrl: text(line, 'baseUrl'),
          accessId: text(line, 'accessId'),
          accessKey: text(line, 'accessKey'),
          staffDomain: text(line, 'staffDomain'),
          staffUsername: text(line, 'staffUsername'),
          staffPassword: text(line, 'staffPassword'),
        }),
      symphony: (line) =>
        symphony({
          baseUrl: text(line, 'baseUrl'),
          clientId: text(line, 'clientId'),
          appId: text(line, 'appId'),
          staffLogin: text(line, 'staffLogin'),
          staffPassword: text(line, 'staffPassword'),
        }),
      alma: (line) => alma({ apiUrl: text(line, 'apiUrl'), apiKey: text(line, 'apiKey') }),
      evergreen: (line) =>
        evergreen({
          baseUrl: text(line, 'baseUrl'),
          username: text(line, 'username'),
          password: text(line, 'password'),
        }),
    };
    expect(lines.map((line) => line.system)).toEqual(Object.keys(descriptors));
    const hinted = await stderrUntil(child, 'evergreen: createPatronAuth(');
    for (const line of lines) {
      const patrons = line.patrons as Record<string, string>[];
      const first = patrons[0] ?? {};
      // FOLIO patrons sign in with their user name; the others with their card.
      const barcode = line.system === 'folio' ? String(first.username) : String(first.barcode);
      const pin = String(first.pin ?? first.password);
      const hint = hinted.split('\n').find((said) => said.startsWith(`  ${line.system}: createPatronAuth(`));
      expect(hint, line.system).toContain(`.login({ barcode: '${barcode}', pin: <its pin> })`);
      // The PIN itself is only in the JSON line (a short one may be part of a port elsewhere on stderr).
      expect(hint).not.toContain(pin);
      const auth = createPatronAuth(descriptors[line.system]!(line));
      const session = await auth.login({ barcode, pin });
      expect(session.profile.name, line.system).toBe('Reader, Rita');
      const wrong = await auth.login({ barcode, pin: `${pin}-wrong` }).catch((error: unknown) => error);
      expect(wrong instanceof IlsAuthError ? wrong.code : wrong, line.system).toBe('invalid_credentials');
    }
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    for (const line of lines) {
      for (const secret of ['password', 'accessKey', 'staffPassword', 'apiKey'])
        if (line[secret] !== undefined) expect(result.stderr).not.toContain(String(line[secret]));
    }
  });

  it('reports a port in use as one config_invalid line with exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const result = await collect(startCli(['emulator', '--only', 'sierra', '--port', String(port)]));
      expect(result.code).toBe(2);
      expect(stderrLines(result)).toEqual([
        `ils-auth: config_invalid: sierra emulator: port ${port} is already in use`,
      ]);
      expect(result.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects an unknown system and a bad port (exit 2)', async () => {
    const only = await collect(startCli(['emulator', '--only', 'sierra,aleph']));
    expect([only.code, stderrLines(only)]).toEqual([
      2,
      [
        'ils-auth: usage: --only: expected a comma-separated list of sierra, overdrive, rero, koha, sip2, folio, polaris, symphony, alma, evergreen',
      ],
    ]);
    const flavour = await collect(startCli(['emulator', '--only', 'sip2', '--sip2-flavour', 'aleph']));
    expect([flavour.code, stderrLines(flavour)]).toEqual([
      2,
      ['ils-auth: usage: --sip2-flavour: expected one of generic, koha, evergreen, polaris, sierra'],
    ]);
    const port = await collect(startCli(['emulator', '--port', 'http']));
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^ils-auth: usage: --port: expected a whole number/);
  });
});
