import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import { borrowedStore } from './borrowed-store.js';
import { SIERRA_PIN } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { forgetProviderCalls, pinSignIn, providerCalls, sameSiteHeaders } from './steps.js';

const IP_LIMIT = 3;
const GUESSES = 12;

/**
 * Wrong PINs for as many cards, each from another address of one IPv6 /64 (as one subscriber holds and
 * can pick from), through a proxy on this machine that names the client in X-Forwarded-For. Counted per
 * /64, only the per-IP limit reaches Sierra; a client of the next /64 is another client.
 */
export const ipv6OneClient: Scenario = {
  id: 'ipv6-one-client',
  title: `${GUESSES} guesses from one IPv6 /64 are counted as one client (per-IP limit ${IP_LIMIT})`,
  async run({ integration, environment }) {
    // An app of its own with a small per-IP limit: the suite's shared one allows every request of 127.0.0.1.
    const harness = await integration.start({
      ...environment,
      store: borrowedStore(environment.store),
      throttle: { ...environment.throttle, ip: { max: IP_LIMIT, windowSeconds: 900 } },
    });
    try {
      forgetProviderCalls(environment);
      const answers = [];
      for (let i = 1; i <= GUESSES; i++) {
        const headers = {
          ...sameSiteHeaders(harness),
          'x-forwarded-for': `2001:db8:5:1:${i.toString(16)}::${i}`,
        };
        answers.push(
          await pinSignIn(
            harness,
            new CookieJar(),
            { barcode: `7700000000${100 + i}`, pin: SIERRA_PIN.wrongPin },
            headers,
          ),
        );
      }
      const checked = providerCalls(environment, 'sierra.patrons.validate');
      expect.soft(checked, `${checked} of ${GUESSES} guesses from one /64 reached Sierra`).toBe(IP_LIMIT);
      expect.soft(answers.filter((answer) => answer.status === 429).length).toBe(GUESSES - IP_LIMIT);
      const neighbour = await pinSignIn(
        harness,
        new CookieJar(),
        { barcode: '7700000000999', pin: SIERRA_PIN.wrongPin },
        { ...sameSiteHeaders(harness), 'x-forwarded-for': '2001:db8:5:2::1' },
      );
      expect.soft(neighbour.status, 'a client of the next /64 was refused').not.toBe(429);
    } finally {
      await harness.close();
    }
  },
};
