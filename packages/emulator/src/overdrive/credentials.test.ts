import { describe, expect, it } from 'vitest';
import { startOverDrive } from './emulator.js';

describe('OverDrive credentials', () => {
  it('hold what a client configures (and spreads), with the PIN-less website and library beside them', async () => {
    const od = await startOverDrive();
    try {
      expect({ ...od.credentials }).toEqual({
        clientId: 'ILSAUTHDEMO',
        clientSecret: 'Od5ecret-Demo-2024',
        websiteId: 100300,
        authorizationName: 'riverside',
      });
      expect(JSON.parse(JSON.stringify(od.credentials))).toEqual({ ...od.credentials });
      expect([od.pinlessWebsiteId, od.libraryId]).toEqual([100301, 4425]);
      // The former fields still read, for code written against them; a spread leaves them out.
      expect([od.credentials.pinlessWebsiteId, od.credentials.libraryId]).toEqual([100301, 4425]);
    } finally {
      await od.close();
    }
  });
});
