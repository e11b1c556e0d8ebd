import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { oauth2 } from '../providers/oauth2.js';
import { MemoryStore } from '../store/memory-store.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';

/**
 * A provider that echoes the card number it was sent, regrouped as a person or another system writes it:
 * only the exact string (and its encodings) used to be removed, so `2191 3000 0000 02` went through.
 */
type Server = Awaited<ReturnType<typeof startScriptedServer>>;

const CARD = '21913000000002';
const groupings = [
  '2191 3000 0000 02',
  '2191-3000-0000-02',
  '2191.3000.0000.02',
  '2191/3000/0000/02',
  '2 1 9 1 3 0 0 0 0 0 0 0 0 2',
  '2191%203000%200000%2002',
  '2191\u00a03000\u00a00000\u00a002',
  '2191 – 3000 – 0000 – 02',
];

let server: Server;
let echoed = '';

beforeAll(async () => {
  server = await startScriptedServer((req, res) => {
    if (req.url === '/token')
      return json(res, 400, {
        error: 'invalid_grant',
        error_description: `Invalid Library Card: ${echoed}. Not a valid card.`,
      });
    json(res, 404, {});
  });
});
afterAll(() => server.close());

/** Every printed form of the error, with only its digits: a card number in any grouping shows up here. */
function digitsOfEveryForm(error: unknown): string[] {
  const forms = [JSON.stringify(error), inspect(error, { depth: 10 }), String(error)];
  return forms.map((form) => form.replace(/%[0-9A-Fa-f]{2}/g, '').replace(/\D/g, ''));
}

/** PIN sign-in by the password grant, against the server that echoes the card. */
function passwordGrantAuth() {
  return createPatronAuth(
    oauth2({
      id: 'library',
      tokenUrl: `${server.url}/token`,
      clientId: 'portal',
      clientSecret: 'portal-secret-value',
      allowPasswordGrant: true,
      userinfoUrl: `${server.url}/userinfo`,
      allowInsecureHttp: true,
    }),
    { store: new MemoryStore() },
  );
}

describe('a card number echoed in another grouping', () => {
  it.each(groupings)('is not in the error when echoed as %j (its last 4 may stay)', async (grouping) => {
    echoed = grouping;
    const auth = passwordGrantAuth();
    const error = await auth.login({ barcode: CARD, pin: '4821' }).catch((e: unknown) => e);
    expect(isIlsAuthError(error)).toBe(true);
    expect(String(error)).toContain('Invalid Library Card');
    for (const digits of digitsOfEveryForm(error)) expect(digits).not.toContain(CARD.slice(0, 10));
    expect(String(error)).toContain('0002');
  });

  it('is removed however the patron typed it: a card typed with spaces, echoed without', async () => {
    echoed = CARD;
    const auth = passwordGrantAuth();
    const error = await auth.login({ barcode: '2191 3000 0000 02', pin: '4821' }).catch((e: unknown) => e);
    expect(String(error)).toContain('Invalid Library Card');
    for (const digits of digitsOfEveryForm(error)) expect(digits).not.toContain(CARD.slice(0, 10));
  });
});
