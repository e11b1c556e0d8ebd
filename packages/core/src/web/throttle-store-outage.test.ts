import { describe, expect, it } from 'vitest';
import { httpStatusFor } from '../errors/http-status.js';
import type { IlsAuthError } from '../errors/ils-auth-error.js';
import { MemoryStore } from '../store/memory-store.js';
import { storeUnavailable } from '../store/store-unavailable.js';
import type { CounterValue } from '../store/token-store.js';
import { LoginThrottle, type ThrottleStoreOutage } from './login-throttle.js';

const limits = { barcode: { max: 5, windowSeconds: 900 }, ip: { max: 1_000, windowSeconds: 900 } };
const SECRET = 'a-secret-of-at-least-thirty-two-characters';

/** A store whose counters can be switched off, as RedisStore's are while Redis is unreachable. */
class CounterOutageStore extends MemoryStore {
  down = false;
  override increment(key: string, by: number, ttlMs: number): Promise<CounterValue> {
    if (this.down) return Promise.reject(storeUnavailable('test outage'));
    return super.increment(key, by, ttlMs);
  }
}

async function wrongPins(
  throttle: LoginThrottle,
  tries: number,
): Promise<{ allowed: number; codes: string[] }> {
  let allowed = 0;
  const codes: string[] = [];
  for (let i = 0; i < tries; i++) {
    try {
      await (await throttle.reserve('sierra', '21913000000001', '203.0.113.1')).failed();
      allowed++;
    } catch (error) {
      codes.push((error as IlsAuthError).code);
    }
  }
  return { allowed, codes };
}

function throttleOn(store: MemoryStore, duringStoreOutage?: ThrottleStoreOutage): LoginThrottle {
  return new LoginThrottle(store, SECRET, 'app', limits, Date.now, duringStoreOutage);
}

describe('LoginThrottle when its store cannot count', () => {
  it('refuses PIN sign-ins by default: store_unavailable, 503, retryable, with Retry-After', async () => {
    const store = new CounterOutageStore();
    const throttle = throttleOn(store);
    expect((await wrongPins(throttle, 2)).allowed).toBe(2);
    store.down = true;
    const refused = await throttle
      .reserve('sierra', '21913000000001', '203.0.113.1')
      .catch((e: IlsAuthError) => e);
    expect(refused).toMatchObject({ code: 'store_unavailable', retryable: true, retryAfter: 5 });
    expect(httpStatusFor(refused as IlsAuthError)).toBe(503);
    expect(String((refused as Error).message)).not.toContain('21913000000001');
    store.down = false;
    // Nothing was forgotten: 2 counted before, 3 left.
    expect(await wrongPins(throttle, 10)).toEqual({ allowed: 3, codes: Array(7).fill('rate_limited') });
  });

  it('a right PIN whose reset cannot reach the store keeps the count (refuses earlier, never later)', async () => {
    const store = new CounterOutageStore();
    const throttle = throttleOn(store);
    expect((await wrongPins(throttle, 4)).allowed).toBe(4);
    const attempt = await throttle.reserve('sierra', '21913000000001', '203.0.113.1');
    store.down = true;
    await attempt.succeeded();
    store.down = false;
    expect((await wrongPins(throttle, 3)).allowed).toBe(0);
  });

  it("with 'count-per-process', counts in the process during the outage and adds those counts to the store's after it", async () => {
    const store = new CounterOutageStore();
    const throttle = throttleOn(store, 'count-per-process');
    expect((await wrongPins(throttle, 2)).allowed).toBe(2);
    store.down = true;
    // Alone, this process grants the card its full allowance during the outage: the documented trade.
    expect((await wrongPins(throttle, 8)).allowed).toBe(5);
    store.down = false;
    // 2 shared + 5 local = 7 > 5: merged, not wiped, so the card gets nothing more after recovery.
    expect(await wrongPins(throttle, 3)).toEqual({ allowed: 0, codes: Array(3).fill('rate_limited') });
    // A second process that never saw the outage sees the merged count in the shared store.
    expect((await wrongPins(throttleOn(store, 'count-per-process'), 2)).allowed).toBe(0);
  });
});
