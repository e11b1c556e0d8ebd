import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { readJson } from '../testing/read-json.js';
import { type EvergreenEmulator, startEvergreenEmulator } from './emulator.js';
import { type FieldmapperObject, fieldOf } from './fieldmapper.js';

let evergreen: EvergreenEmulator;
let staffToken: string;
beforeAll(async () => {
  evergreen = await startEvergreenEmulator();
  staffToken = await tokenOf(evergreen.credentials.username, evergreen.credentials.password, 'staff');
});
afterAll(() => evergreen.close());

async function call(service: string, method: string, ...params: unknown[]) {
  const body = new URLSearchParams({ service, method });
  for (const param of params) body.append('param', JSON.stringify(param));
  return readJson(await fetch(evergreen.gatewayUrl, { method: 'POST', body }));
}
async function tokenOf(username: string, password: string, type = 'opac'): Promise<string> {
  return (await call('open-ils.auth', 'open-ils.auth.login', { username, password, type })).payload[0].payload
    .authtoken;
}
const fleshed = (token: string, userId: number) =>
  call('open-ils.actor', 'open-ils.actor.user.fleshed.retrieve', token, userId);
const field = (object: FieldmapperObject, name: string) => fieldOf(object, name);

describe('Evergreen emulator: open-ils.actor', () => {
  it('answers the fleshed user as a class-hinted au, fields at their IDL positions, no password', async () => {
    const token = await tokenOf('rita', 'rita-pin-1');
    const answer = await fleshed(token, 101);
    expect(shapeOf(answer)).toMatchObject(shapeOf(readJsonFixture('evergreen', 'fieldmapper-user.json')));
    const user = answer.payload[0] as FieldmapperObject;
    expect(user.__p).toHaveLength(77);
    expect(user.__p[28]).toBe(101); // `id` is the 29th field of `au` in fm_IDL.xml
    expect(field(user, 'usrname')).toBe('rita');
    expect(field(user, 'family_name')).toBe('Reader');
    expect(field(user, 'active')).toBe('t');
    expect(field(user, 'passwd')).toBeNull();
    const card = field(user, 'card') as FieldmapperObject;
    expect(card.__c).toBe('ac');
    expect(field(card, 'barcode')).toBe('99999300001');
    expect(JSON.stringify(answer)).not.toContain('rita-pin-1');
  });

  it('shows every state: the blocked patron’s standing penalty, the expired date, the fines', async () => {
    const bert = (await fleshed(staffToken, 102)).payload[0] as FieldmapperObject;
    const penalties = field(bert, 'standing_penalties') as FieldmapperObject[];
    expect(penalties.map((penalty) => [penalty.__c, field(penalty, 'standing_penalty')])).toEqual([
      ['ausp', 20],
    ]);
    const edgar = (await fleshed(staffToken, 103)).payload[0] as FieldmapperObject;
    expect(Date.parse(String(field(edgar, 'expire_date')).replace(/\+0000$/, 'Z'))).toBeLessThan(Date.now());
    const fines = await call('open-ils.actor', 'open-ils.actor.user.fines.summary', staffToken, 104);
    expect(fines.payload[0].__c).toBe('mous');
    expect(field(fines.payload[0], 'balance_owed')).toBe('42.50');
  });

  it('lets a patron read only their own record (PERM_FAILURE otherwise), staff anyone; NO_SESSION without a session', async () => {
    const token = await tokenOf('rita', 'rita-pin-1');
    expect((await fleshed(token, 102)).payload[0]).toMatchObject({
      ilsevent: 5000,
      textcode: 'PERM_FAILURE',
      ilsperm: 'VIEW_USER',
    });
    expect((await fleshed(staffToken, 999)).payload[0]).toMatchObject({ textcode: 'ACTOR_USER_NOT_FOUND' });
    expect((await fleshed('not-a-token', 101)).payload[0]).toMatchObject({
      ilsevent: 1001,
      textcode: 'NO_SESSION',
    });
  });

  it('resets the idle timeout on every authenticated call, as checkauth does', async () => {
    const token = await tokenOf('rita', 'rita-pin-1');
    evergreen.controls.advance(400);
    expect((await fleshed(token, 101)).payload[0].__c).toBe('au');
    evergreen.controls.advance(400);
    expect((await fleshed(token, 101)).payload[0].__c).toBe('au');
  });
});
