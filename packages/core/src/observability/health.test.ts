import { inspect } from 'node:util';
import { type KohaEmulator, type SierraEmulator, startKoha, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { koha } from '../providers/koha.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { healthReport } from './health.js';

let sierraEmulator: SierraEmulator;
let kohaEmulator: KohaEmulator;
beforeAll(async () => {
  [sierraEmulator, kohaEmulator] = await Promise.all([startSierra(), startKoha()]);
});
afterAll(() => Promise.all([sierraEmulator.close(), kohaEmulator.close()]));

const entryOf = (provider: string) => healthReport().tokens.find((entry) => entry.provider === provider);

describe('healthReport(): authentication failures, not only outages', () => {
  it('is unhealthy with the reason code while the token endpoint refuses the client secret, then recovers', async () => {
    const store = new MemoryStore();
    const wrongSecret = 'not-the-sierra-secret';
    const refused = createClient(
      sierra({
        baseUrl: sierraEmulator.url,
        clientId: sierraEmulator.credentials.clientId,
        clientSecret: wrongSecret,
      }),
      { store },
    );
    await expect(refused.getToken()).rejects.toMatchObject({ code: 'invalid_client' });
    const report = healthReport();
    expect(report.healthy).toBe(false);
    expect(entryOf('sierra')).toMatchObject({
      healthy: false,
      refused: { code: 'invalid_client', status: 401, at: expect.any(Number) },
      backoff: { backingOff: false },
    });
    for (const printed of [JSON.stringify(report), inspect(report, { depth: 10 })])
      expect(printed).not.toContain(wrongSecret);

    // The same key with its right secret (a fixed configuration): the next token request clears it.
    const fixed = createClient(sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials }), {
      store,
    });
    await fixed.getToken();
    expect(entryOf('sierra')).toMatchObject({ healthy: true });
    expect(entryOf('sierra')?.refused).toBeUndefined();
  });

  it("reads Koha's 403 access_denied for a wrong secret as a refusal too, even while an earlier token is valid", async () => {
    const store = new MemoryStore();
    const good = koha({ baseUrl: kohaEmulator.url, ...kohaEmulator.credentials });
    await createClient(good, { store }).getToken();
    expect(entryOf('koha')?.healthy).toBe(true);
    // The secret was rotated at Koha: a token request for this key is now refused.
    const stale = koha({ baseUrl: kohaEmulator.url, clientId: good.clientId, clientSecret: 'rotated-away' });
    const client = createClient(stale, { store });
    await client.invalidate();
    await expect(client.getToken()).rejects.toMatchObject({ code: 'invalid_client' });
    expect(entryOf('koha')).toMatchObject({
      healthy: false,
      refused: { code: 'invalid_client', status: 403 },
    });
    expect(entryOf('koha')?.tokenValidUntil).toBeGreaterThan(Date.now());
  });
});
