import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { deliver, forgetProviderCalls, isRedirect, providerCalls, reroCallbackUrl } from './steps.js';

export const replayedTransactionCookie: Scenario = {
  id: 'replayed-transaction-cookie',
  title: 'a callback replayed with a copied transaction cookie is refused before any provider call',
  async run({ harness, environment }) {
    const jar = new CookieJar();
    const { callbackUrl } = await reroCallbackUrl(harness, environment, jar);
    // What an attacker (or a proxy log) holds: the cookies as they were when the callback was first sent.
    const copied = jar.copy();
    const first = await deliver(callbackUrl, jar);
    expect(
      isRedirect(first),
      `the first delivery answered ${first.status}: ${first.body.slice(0, 200)}`,
    ).toBe(true);
    forgetProviderCalls(environment);
    const replay = await deliver(callbackUrl, copied);
    expect(replay.status, 'the replay').toBeGreaterThanOrEqual(400);
    expect(replay.status, 'the replay').toBeLessThan(500);
    expect(providerCalls(environment), 'requests to the providers during the replay').toBe(0);
  },
};
