import { describe, expect, it } from 'vitest';
import { httpStatusFor } from '../errors/http-status.js';
import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { MemoryStore } from '../store/memory-store.js';
import { LoginThrottle } from './login-throttle.js';

const limits = { barcode: { max: 3, windowSeconds: 60 }, ip: { max: 5, windowSeconds: 60 } };
const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('LoginThrottle', () => {
  it('refuses the attempt after the limit per card, with Retry-After, and counts in HMAC-named keys', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const throttle = new LoginThrottle(store, SECRET, 'app', limits, () => now);
    for (let i = 0; i < 3; i++)
      await (await throttle.reserve('sierra', '21913000000001', '203.0.113.1')).failed();
    const refused = await throttle
      .reserve('sierra', '21913000000001', '203.0.113.2')
      .catch((e: unknown) => e);
    expect(isIlsAuthError(refused) && refused.code).toBe('rate_limited');
    expect((refused as IlsAuthError).retryAfter).toBe(60);
    expect(httpStatusFor(refused as IlsAuthError)).toBe(429);
    expect(JSON.stringify(store)).not.toContain('21913000000001');
    now += 61_000;
    await expect(throttle.reserve('sierra', '21913000000001', undefined)).resolves.toBeDefined();
  });

  it('gives back abandoned attempts (provider down) and clears the card on success', async () => {
    const store = new MemoryStore();
    const throttle = new LoginThrottle(store, SECRET, 'app', limits, Date.now);
    for (let i = 0; i < 10; i++)
      await (await throttle.reserve('sierra', 'card-1', '198.51.100.7')).abandoned();
    for (let i = 0; i < 2; i++) await (await throttle.reserve('sierra', 'card-1', '198.51.100.7')).failed();
    await (await throttle.reserve('sierra', 'card-1', '198.51.100.7')).succeeded();
    for (let i = 0; i < 3; i++) await (await throttle.reserve('sierra', 'card-1', '198.51.100.7')).failed();
    await expect(throttle.reserve('sierra', 'card-1', '198.51.100.7')).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });

  it('limits per client IP across cards', async () => {
    const throttle = new LoginThrottle(new MemoryStore(), SECRET, 'app', limits, Date.now);
    for (let i = 0; i < 5; i++) await (await throttle.reserve('sierra', `card-${i}`, '192.0.2.9')).failed();
    await expect(throttle.reserve('sierra', 'card-new', '192.0.2.9')).rejects.toMatchObject({
      code: 'rate_limited',
    });
    await expect(throttle.reserve('sierra', 'card-new', '192.0.2.10')).resolves.toBeDefined();
  });
});

describe('httpStatusFor', () => {
  it.each([
    ['invalid_credentials', 401],
    ['invalid_input', 400],
    ['state_mismatch', 403],
    ['access_denied', 403],
    ['session_expired', 401],
    ['invalid_client', 500],
    ['provider_unavailable', 503],
    ['timeout', 504],
    ['malformed_response', 502],
  ] as const)('%s → %i', (code, status) => {
    expect(httpStatusFor(new IlsAuthError(code, 'x'))).toBe(status);
  });

  it('answers 401 for anything that needs a new sign-in, whatever the provider said', () => {
    expect(
      httpStatusFor(
        new IlsAuthError('invalid_grant', 'refresh token gone', { reauthRequired: true, status: 400 }),
      ),
    ).toBe(401);
  });
});
