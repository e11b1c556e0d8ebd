import { alma, evergreen, folio, type PatronProfile, polaris, symphony } from '@ils-auth/core';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { IlsPinStrategy } from './index.js';
import { COOKIE_SECRET, expectNoSecrets, post } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// The five library systems without OAuth through the unchanged generic PIN strategy: one strategy per
// system, each a descriptor the strategy understands as it understands Sierra's.
let emulators: AllEmulators | undefined;
const seen: PatronProfile[] = [];
let app: TestApp;

/** Per system: the descriptor's factory call on its emulator, a valid card, and the patron id it names. */
const cards = {
  folio: { barcode: 'rita', pin: 'rita-pw-1', id: 'a7b2c3d4-1111-4a5b-9c8d-000000000001' },
  polaris: { barcode: '21756000000001', pin: '1234', id: '1255101' },
  symphony: { barcode: '21221000000001', pin: '1234', id: '301001' },
  alma: { barcode: '39000000000001', pin: 'rita-Pass-1', id: 'rita.reader' },
  evergreen: { barcode: '99999300001', pin: 'rita-pin-1', id: '101' },
};

beforeAll(async () => {
  emulators = await startAll();
  const { folio: f, polaris: p, symphony: s, alma: a, evergreen: e } = emulators;
  const started = [
    folio({ okapiUrl: f.url, ...f.credentials }),
    polaris({ baseUrl: p.baseUrl, ...p.credentials }),
    symphony({ baseUrl: s.baseUrl, ...s.credentials }),
    alma({ apiUrl: a.apiUrl, apiKey: a.credentials.apiKey }),
    evergreen({ baseUrl: e.url, ...e.credentials }),
  ];
  const strategies = started.map(
    (d) =>
      new IlsPinStrategy({ provider: d, name: d.id, secret: COOKIE_SECRET }, async (profile) => {
        seen.push(profile);
        return { id: profile.id, name: profile.name };
      }),
  );
  app = await startTestApp({ strategies });
});
afterAll(async () => {
  await app?.close();
  await emulators?.close();
});

test.each(Object.entries(cards))(
  'IlsPinStrategy with %s(): the profile reaches verify; a wrong PIN fails 401 invalid_credentials',
  async (name, card) => {
    const answer = await post(`${app.url}/login/${name}`, { barcode: card.barcode, pin: card.pin });
    expect(answer.status).toBe(200);
    expect(answer.body.user).toMatchObject({ id: card.id });
    expect(seen.at(-1)).toMatchObject({ provider: name, id: card.id });
    const wrong = await post(`${app.url}/login/${name}`, { barcode: card.barcode, pin: 'not-the-pin' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ kind: 'fail', info: { code: 'invalid_credentials' } });
    expectNoSecrets(app.outcomes, [card.pin, 'not-the-pin']);
  },
);
