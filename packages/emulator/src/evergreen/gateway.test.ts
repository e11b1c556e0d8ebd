import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { readJson } from '../testing/read-json.js';
import { type EvergreenEmulator, startEvergreenEmulator } from './emulator.js';

let evergreen: EvergreenEmulator;
beforeAll(async () => {
  evergreen = await startEvergreenEmulator();
});
afterAll(() => evergreen.close());

async function call(service: string, method: string, ...params: unknown[]) {
  const body = new URLSearchParams({ service, method });
  for (const param of params) body.append('param', JSON.stringify(param));
  const response = await fetch(evergreen.gatewayUrl, { method: 'POST', body });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain');
  return readJson(response);
}
const login = (args: Record<string, unknown>) => call('open-ils.auth', 'open-ils.auth.login', args);
const first = async (answer: ReturnType<typeof call>) => (await answer).payload[0];
const tokenOf = async (args: Record<string, unknown>) =>
  (await first(login(args))).payload.authtoken as string;
const retrieve = (...params: unknown[]) => call('open-ils.auth', 'open-ils.auth.session.retrieve', ...params);

describe('Evergreen emulator: open-ils.auth.login through the gateway', () => {
  it('answers {payload, status} as text/plain, with SUCCESS, the authtoken and the type’s idle timeout', async () => {
    const staff = await login({
      username: evergreen.credentials.username,
      password: evergreen.credentials.password,
    });
    expect(shapeOf(staff)).toEqual(shapeOf(readJsonFixture('evergreen', 'login-success.json')));
    expect(staff.payload[0]).toMatchObject({ ilsevent: 0, textcode: 'SUCCESS', payload: { authtime: 7200 } });
    const opac = await first(login({ barcode: '99999300001', password: 'rita-pin-1', type: 'opac' }));
    expect(opac.payload.authtime).toBe(420);
    for (const [identifier, expected] of [
      ['99999300001', 420],
      ['rita', 420],
    ] as const) {
      expect(
        (await first(login({ identifier, password: 'rita-pin-1', type: 'opac' }))).payload.authtime,
      ).toBe(expected);
    }
    expect(
      (await first(login({ username: 'rita', password: 'rita-pin-1', type: 'persist' }))).payload.authtime,
    ).toBe(1_209_600);
  });

  it('answers LOGIN_FAILED (1000) in HTTP 200 for a wrong password, an unknown user and a barred one alike', async () => {
    const fixture = readJsonFixture('evergreen', 'login-failed.json');
    const answers = [
      await login({ username: 'rita', password: 'wrong', type: 'opac' }),
      await login({ barcode: '99999399999', password: 'x', type: 'opac' }),
      await login({ username: 'barry', password: 'barry-pin-7', type: 'opac' }),
    ];
    for (const answer of answers) {
      expect(shapeOf(answer)).toEqual(shapeOf(fixture));
      expect(answer.payload[0]).toEqual({ ...fixture.payload[0], pid: process.pid });
    }
  });

  it('refuses a login type the user lacks the permission for with the same LOGIN_FAILED', async () => {
    expect((await first(login({ username: 'rita', password: 'rita-pin-1' }))).textcode).toBe('LOGIN_FAILED');
    expect((await first(login({ username: 'rita', password: 'rita-pin-1', type: 'api' }))).textcode).toBe(
      'LOGIN_FAILED',
    );
    expect((await first(login({ ...evergreen.credentials, type: 'api' }))).payload.authtime).toBe(3600);
  });

  it('tells an inactive account or card only to the right password', async () => {
    expect((await first(login({ username: 'ina', password: 'ina-pin-5' }))).textcode).toBe('PATRON_INACTIVE');
    expect((await first(login({ username: 'ina', password: 'wrong' }))).textcode).toBe('LOGIN_FAILED');
    const card = await first(login({ barcode: '99999300006', password: 'cora-pin-6', type: 'opac' }));
    expect(card).toMatchObject({ ilsevent: 1216, textcode: 'PATRON_CARD_INACTIVE' });
    expect((await first(login({ username: 'cora', password: 'cora-pin-6', type: 'opac' }))).textcode).toBe(
      'SUCCESS',
    );
    expect((await first(login({ barcode: '99999300006', password: 'wrong', type: 'opac' }))).textcode).toBe(
      'LOGIN_FAILED',
    );
  });

  it('blocks a user name after ten failures within 90 s, the right password too, until 90 s after the last', async () => {
    evergreen.controls.clearLogins();
    for (let attempt = 0; attempt < 10; attempt++)
      await login({ username: 'fiona', password: 'wrong', type: 'opac' });
    expect((await first(login({ username: 'fiona', password: 'fiona-pin-4', type: 'opac' }))).textcode).toBe(
      'LOGIN_FAILED',
    );
    expect(evergreen.controls.logins().patron).toEqual({ ok: 0, failed: 10, locked: 1 });
    evergreen.controls.advance(89);
    expect((await first(login({ username: 'fiona', password: 'fiona-pin-4', type: 'opac' }))).textcode).toBe(
      'LOGIN_FAILED',
    );
    evergreen.controls.advance(2);
    expect((await first(login({ username: 'fiona', password: 'fiona-pin-4', type: 'opac' }))).textcode).toBe(
      'SUCCESS',
    );
  });

  it('refuses a call without service or with an unknown one with HTTP 404, an unknown method inside the body', async () => {
    expect(
      (await fetch(evergreen.gatewayUrl, { method: 'POST', body: 'service=open-ils.nope&method=x' })).status,
    ).toBe(404);
    expect((await fetch(evergreen.gatewayUrl)).status).toBe(404);
    const unknown = await call('open-ils.auth', 'open-ils.auth.nope');
    expect(unknown).toEqual({
      payload: [],
      debug: 'osrfMethodException : Method [open-ils.auth.nope] not found for service open-ils.auth',
      status: 404,
    });
    const missing = await call('open-ils.auth', 'open-ils.auth.login', { username: 'rita' });
    expect(missing).toMatchObject({
      payload: [],
      status: 404,
      debug: expect.stringMatching(/^osrfMethodException : /),
    });
    expect(
      (await fetch(evergreen.gatewayUrl, { method: 'POST', body: 'service=constructor&method=name' })).status,
    ).toBe(404);
    expect(await call('open-ils.auth', 'toString')).toMatchObject({ payload: [], status: 404 });
    const odd = await first(login({ username: 'rita', password: 'rita-pin-1', type: 'constructor' }));
    expect(odd.textcode).toBe('LOGIN_FAILED');
    const viaQuery = await fetch(
      `${evergreen.gatewayUrl}?service=open-ils.auth&method=open-ils.auth.session.retrieve&param=${encodeURIComponent('"nope"')}`,
    );
    expect(((await readJson(viaQuery)).payload[0] as { textcode: string }).textcode).toBe('NO_SESSION');
  });
});

describe('Evergreen emulator: sessions', () => {
  it('keeps a session alive while it is used within its idle timeout, and ends it after', async () => {
    const token = await tokenOf({ username: 'rita', password: 'rita-pin-1', type: 'opac' });
    evergreen.controls.advance(400);
    expect((await first(retrieve(token))).__c).toBe('au');
    evergreen.controls.advance(400);
    const full = await first(retrieve(token, 1));
    expect(full).toMatchObject({ authtime: 420, userobj: { __c: 'au' } });
    evergreen.controls.advance(400);
    expect((await first(retrieve(token, 0, 1))).__c).toBe('au');
    evergreen.controls.advance(21);
    expect(shapeOf(await retrieve(token))).toEqual(shapeOf(readJsonFixture('evergreen', 'no-session.json')));
    expect((await first(retrieve(token))).textcode).toBe('NO_SESSION');
  });

  it('resets the timeout on request, deletes sessions, and loses them all on restart', async () => {
    const token = await tokenOf({ username: 'rita', password: 'rita-pin-1', type: 'opac' });
    expect(await first(call('open-ils.auth', 'open-ils.auth.session.reset_timeout', token))).toMatchObject({
      textcode: 'SUCCESS',
      payload: 420,
    });
    expect(await first(call('open-ils.auth', 'open-ils.auth.session.delete', token))).toBe(token);
    expect((await first(retrieve(token))).textcode).toBe('NO_SESSION');
    const staff = await tokenOf({ ...evergreen.credentials, username: evergreen.credentials.username });
    evergreen.controls.restart();
    expect((await first(retrieve(staff))).textcode).toBe('NO_SESSION');
  });

  it('lets tests set the idle timeouts', async () => {
    evergreen.controls.setIdleTimeout('opac', 5);
    const token = await tokenOf({ username: 'rita', password: 'rita-pin-1', type: 'opac' });
    evergreen.controls.advance(6);
    expect((await first(retrieve(token))).textcode).toBe('NO_SESSION');
    evergreen.controls.setIdleTimeout('opac', 420);
    evergreen.controls.setTokenTtl(30);
    expect((await first(login({ ...evergreen.credentials }))).payload.authtime).toBe(30);
    evergreen.controls.setTokenTtl(3600);
    evergreen.controls.setIdleTimeout('staff', 7200);
    evergreen.controls.setIdleTimeout('opac', 420);
  });

  it('never logs a password or an authtoken', async () => {
    evergreen.controls.clearRequests();
    const token = await tokenOf({ username: 'rita', password: 'rita-pin-1', type: 'opac' });
    await retrieve(token);
    const log = JSON.stringify(evergreen.controls.requests());
    expect(log).not.toContain('rita-pin-1');
    expect(log).not.toContain(token);
    expect(evergreen.controls.requests().map((entry) => entry.endpoint)).toEqual([
      'evergreen.gateway',
      'evergreen.gateway',
    ]);
  });
});
