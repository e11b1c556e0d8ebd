import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { readJson } from '../testing/read-json.js';
import { type FolioEmulator, startFolioEmulator } from './emulator.js';

let folio: FolioEmulator;
let staffToken: string;
beforeAll(async () => {
  folio = await startFolioEmulator();
  staffToken = await tokenOf(folio.credentials.username, folio.credentials.password);
});
afterAll(() => folio.close());

async function tokenOf(username: string, password: string): Promise<string> {
  const response = await fetch(`${folio.url}/authn/login-with-expiry`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Okapi-Tenant': folio.tenant },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(201);
  const line = response.headers.getSetCookie().find((candidate) => candidate.startsWith('folioAccessToken='));
  return line?.slice('folioAccessToken='.length, line.indexOf(';')) ?? '';
}

const get = (path: string, token = staffToken) =>
  fetch(`${folio.url}${path}`, { headers: { 'X-Okapi-Tenant': folio.tenant, 'X-Okapi-Token': token } });
const query = (collection: string, cql: string) => get(`/${collection}?query=${encodeURIComponent(cql)}`);

describe('FOLIO emulator: patrons', () => {
  it('finds a patron by CQL in the shape VuFind reads, without the password', async () => {
    const response = await query('users', 'username == "rita"');
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(shapeOf(body)).toMatchObject(shapeOf(readJsonFixture('folio', 'users-by-username.json')));
    expect(body.totalRecords).toBe(1);
    expect(body.users[0]).toMatchObject({ username: 'rita', barcode: '31000000000001', active: true });
    expect(JSON.stringify(body)).not.toContain('rita-pw-1');
    expect((await readJson(await query('users', 'barcode=="31000000000004"'))).users[0].username).toBe(
      'fiona',
    );
    expect((await readJson(await query('users', 'username == "nobody"'))).totalRecords).toBe(0);
    expect((await query('users', 'username any "rita bert"')).status).toBe(400);
  });

  it('reads one user by id, 404 for an unknown id', async () => {
    const id = folio.users[1]?.id ?? '';
    expect(await readJson(await get(`/users/${id}`))).toMatchObject({ id, personal: { lastName: 'Reader' } });
    expect((await get('/users/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('signs patrons in with their own credentials; their token may not read users (403)', async () => {
    const patronToken = await tokenOf('rita', 'rita-pw-1');
    const refused = await get('/users', patronToken);
    expect([refused.status, await refused.text()]).toEqual([
      403,
      "Access for user 'rita' (a7b2c3d4-1111-4a5b-9c8d-000000000001) requires permission: users.collection.get",
    ]);
    const missing = await fetch(`${folio.url}/users`, { headers: { 'X-Okapi-Tenant': folio.tenant } });
    expect([missing.status, await missing.text()]).toEqual([
      400,
      'Token missing, access requires permission: users.collection.get',
    ]);
  });

  it('has a patron in every state: blocked (manual block), with fines (open accounts), expired (inactive)', async () => {
    const bert = folio.users.find((user) => user.username === 'bert')?.id;
    const blocks = await readJson(await query('manualblocks', `userId==${bert}`));
    expect(blocks).toMatchObject({ totalRecords: 1, manualblocks: [{ userId: bert, borrowing: true }] });
    const fiona = folio.users.find((user) => user.username === 'fiona')?.id;
    const fees = await readJson(await query('accounts', `userId==${fiona} and status.name==Open`));
    expect(fees.accounts.map((account: { remaining: number }) => account.remaining)).toEqual([12.5, 30]);
    expect((await readJson(await query('manualblocks', `userId==${fiona}`))).totalRecords).toBe(0);
    const edgar = await readJson(await query('users', 'username == "edgar"'));
    expect(edgar.users[0]).toMatchObject({ active: false, expirationDate: expect.stringMatching(/^2021-/) });
    const erin = await readJson(await query('users', 'username == "erin"'));
    expect(erin.users[0]).toMatchObject({ active: true, expirationDate: expect.stringMatching(/^2022-/) });
    expect(await tokenOf('erin', 'erin-pw-5')).not.toBe('');
  });
});
