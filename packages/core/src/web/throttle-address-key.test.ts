import { describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { LoginThrottle } from './login-throttle.js';
import { resolveWebOptions } from './web-options.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

/** The throttle as every adapter builds it: from the shared options, so their defaults and checks apply. */
function throttleFrom(ip: Record<string, unknown> = {}) {
  const options = resolveWebOptions('test', {
    secret: SECRET,
    throttle: { ip: { max: 20, windowSeconds: 900, ...ip } },
  });
  if (!options.throttle) throw new Error('throttle expected');
  const { store, barcode, ip: ipLimit } = options.throttle;
  return new LoginThrottle(store, SECRET, 'app', { barcode, ip: ipLimit }, Date.now);
}

/** Wrong PINs for `addresses.length` different cards, one from each address; how many reached the provider. */
async function guesses(throttle: LoginThrottle, addresses: string[]): Promise<number> {
  let through = 0;
  for (const [i, address] of addresses.entries()) {
    const attempt = await throttle
      .reserve('sierra', `card-${i}-${address}`, address)
      .catch((e: unknown) => e);
    if (isIlsAuthError(attempt)) {
      expect(attempt.code).toBe('rate_limited');
      continue;
    }
    through += 1;
    await (attempt as Awaited<ReturnType<LoginThrottle['reserve']>>).failed();
  }
  return through;
}

const oneSlash64 = Array.from({ length: 40 }, (_, i) => `2001:db8:7:1:${(i * 797).toString(16)}:a:b:${i}`);

describe('the per-IP throttle and IPv6', () => {
  it('counts every address of one /64 as one client: 20 of 40 guesses get through, not 40', async () => {
    const throttle = throttleFrom();
    expect(await guesses(throttle, oneSlash64)).toBe(20);
    // The neighbouring /64 is another client, with its own allowance.
    expect(await guesses(throttle, ['2001:db8:7:2::1'])).toBe(1);
  });

  it('reads every spelling of an address in the /64 the same (compressed, zone, upper case)', async () => {
    const throttle = throttleFrom({ max: 3 });
    const spellings = ['2001:DB8:7:1::1', '2001:0db8:0007:0001:0:0:0:2', 'fe80::1%eth0', '2001:db8:7:1::3'];
    expect(await guesses(throttle, [...spellings, '2001:db8:7:1:ffff::9'])).toBe(4);
  });

  it('counts a narrower prefix when configured, and full addresses with 128', async () => {
    expect(
      await guesses(
        throttleFrom({ ipv6PrefixLength: 48 }),
        ['2001:db8:7:1::1', '2001:db8:7:2::1'].concat(oneSlash64),
      ),
    ).toBe(20);
    expect(await guesses(throttleFrom({ ipv6PrefixLength: 128 }), oneSlash64)).toBe(40);
  });

  it('treats IPv4-mapped IPv6 as the IPv4 client it stands for', async () => {
    const throttle = throttleFrom({ max: 3 });
    const one = ['192.0.2.9', '::ffff:192.0.2.9', '::ffff:c000:209', '::FFFF:192.0.2.9'];
    expect(await guesses(throttle, one)).toBe(3);
    expect(await guesses(throttle, ['192.0.2.10'])).toBe(1);
  });

  it('refuses a prefix length that is not 1-128 with config_invalid naming the option', () => {
    for (const bad of [0, 129, 64.5, '64']) {
      const error = (() => {
        try {
          throttleFrom({ ipv6PrefixLength: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(isIlsAuthError(error) && error.code).toBe('config_invalid');
      expect(String(error)).toContain('throttle.ip.ipv6PrefixLength');
    }
  });
});
