import { createClient } from '@ils-auth/core';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiveSystemDescriptors } from './demo-providers.js';
import { appCredentialCalls, FIVE_SYSTEMS, fiveSystemPatrons } from './five-systems.js';

let emulators: AllEmulators;
beforeAll(async () => {
  emulators = await startAll({ host: '127.0.0.1' });
});
afterAll(async () => {
  await emulators?.close();
});

describe('the five systems the demos add', () => {
  it('lists every seeded patron of each, staff users left out', () => {
    const patrons = fiveSystemPatrons(emulators);
    for (const { name } of FIVE_SYSTEMS) {
      const own = patrons.filter((patron) => patron.system === name);
      expect(own.length).toBeGreaterThanOrEqual(4);
      expect(own[0]?.note).toMatch(/^valid patron/);
      for (const state of ['blocked', 'expired', 'fines'])
        expect(own.some((patron) => patron.note.startsWith(state))).toBe(true);
    }
    expect(patrons.map((patron) => patron.login)).not.toContain(emulators.folio.credentials.username);
    expect(patrons.map((patron) => patron.login)).not.toContain(emulators.evergreen.credentials.username);
  });

  // What the emulators' seeds hold for the patron each call reads (FOLIO's first patron, Polaris's first card,
  // the patron with fines elsewhere).
  it.each([
    ['folio', /^1 user record\(s\) found$/],
    ['polaris', /^1 patron\(s\) found$/],
    ['symphony', /^standing DELINQUENT, estimated fines 50\.00$/],
    ['alma', /owes 42\.5$/],
    ['evergreen', /^balance owed 42\.50?$/],
  ] as const)('calls %s with the application credential', async (name, expected) => {
    const client = createClient(fiveSystemDescriptors(emulators)[name]);
    const call = await appCredentialCalls(emulators)[name](client);
    expect(call.result).toMatch(expected);
    expect(call.request).not.toContain(emulators.alma.credentials.apiKey);
  });
});
