import { describe, expect, test } from 'vitest';
import { overdrive } from '../providers/overdrive.js';
import { sierra } from '../providers/sierra.js';
import { pinlessAllowed } from './pinless-sign-in.js';

const OVERDRIVE = {
  clientId: 'od',
  clientSecret: 'od-secret',
  websiteId: 100300,
  authorizationName: 'riverside',
  allowPasswordGrant: true,
};

describe('pinlessAllowed: who may sign in by card number alone', () => {
  test('an OverDrive PIN-less collection, and nothing else', () => {
    expect(pinlessAllowed(overdrive({ ...OVERDRIVE, pinless: true }))).toBe(true);
    expect(pinlessAllowed(overdrive(OVERDRIVE))).toBe(false);
    // Sierra checks PINs itself: a card number alone is never enough.
    expect(
      pinlessAllowed(sierra({ baseUrl: 'http://127.0.0.1:9', clientId: 'k', clientSecret: 'secret-1' })),
    ).toBe(false);
  });
});
