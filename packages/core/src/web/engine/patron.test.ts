import { describe, expect, it } from 'vitest';
import { checkPatronField, PATRON_FIELDS } from './patron.js';

describe('checkPatronField', () => {
  it('keeps every field of Patron and refuses anything else, naming its user and the fields', () => {
    for (const field of PATRON_FIELDS) expect(checkPatronField(field, '@Patron()')).toBe(field);
    for (const bad of ['sessionId', 'email', '__proto__', 'toString', '', 42, null])
      expect(() => checkPatronField(bad, '@Patron("x")')).toThrow(
        expect.objectContaining({
          code: 'config_invalid',
          message:
            '@Patron("x"): not a field of Patron (provider, patronId, profile, signedInAt, expiresAt, user)',
        }),
      );
  });
});
