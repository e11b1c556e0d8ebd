import { closeSip2Connections, type PatronProfile, sip2 } from '@ils-auth/core';
import { type Sip2Emulator, startSip2Emulator } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IlsPinStrategy } from './index.js';
import { COOKIE_SECRET, expectNoSecrets, post } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// A library on SIP2 through the unchanged generic PIN strategy: the descriptor is data the strategy understands.
let emulator: Sip2Emulator;
let provider: ReturnType<typeof sip2>;
let app: TestApp;
const seen: PatronProfile[] = [];

beforeAll(async () => {
  emulator = await startSip2Emulator({ tls: true, flavour: 'koha' });
  provider = sip2({
    host: emulator.host,
    port: emulator.port,
    tls: { ca: emulator.ca },
    ...emulator.credentials,
    dialect: 'koha',
  });
  const strategy = new IlsPinStrategy(
    { provider, name: 'library', secret: COOKIE_SECRET },
    async (profile) => {
      seen.push(profile);
      return { id: profile.id, name: profile.name };
    },
  );
  app = await startTestApp({ strategies: [strategy] });
});
afterAll(async () => {
  await app?.close();
  await closeSip2Connections(provider);
  await emulator?.close();
});

describe('IlsPinStrategy with sip2()', () => {
  test('success: the SIP2 profile reaches the verify callback', async () => {
    const { valid } = emulator.patrons;
    const answer = await post(`${app.url}/login/library`, { barcode: valid.barcode, pin: valid.pin });
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ id: valid.barcode, name: valid.name });
    expect(seen.at(-1)).toMatchObject({ provider: 'sip2', name: valid.name, email: valid.email });
  });

  test('a wrong PIN is fail 401 invalid_credentials; a refused card fails with access_denied; no PIN anywhere', async () => {
    const { valid, lost } = emulator.patrons;
    const wrong = await post(`${app.url}/login/library`, { barcode: valid.barcode, pin: '0000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ kind: 'fail', info: { code: 'invalid_credentials' } });
    const refused = await post(`${app.url}/login/library`, { barcode: lost.barcode, pin: lost.pin });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('access_denied');
    expectNoSecrets(app.outcomes, [valid.pin, lost.pin, emulator.credentials.loginPassword]);
  });
});
