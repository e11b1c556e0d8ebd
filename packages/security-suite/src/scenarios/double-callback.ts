import type { Agent } from 'node:http';
import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import {
  deliver,
  forgetProviderCalls,
  isRedirect,
  providerCalls,
  reroCallbackUrl,
  sendTogether,
} from './steps.js';

// A race is lost only some of the time: one sign-in proves little.
const ROUNDS = 5;

// A double click, a reload or a retrying proxy: the same callback twice at once.
export const doubleCallback: Scenario = {
  id: 'double-callback',
  title: `two simultaneous deliveries of one callback: exactly one code exchange (${ROUNDS} sign-ins)`,
  async run({ harness, environment }) {
    for (let round = 1; round <= ROUNDS; round++) {
      const jar = new CookieJar();
      const { callbackUrl } = await reroCallbackUrl(harness, environment, jar);
      forgetProviderCalls(environment);
      const deliveries = [jar.copy(), jar.copy()].map(
        (copy) => (agent: Agent) => deliver(callbackUrl, copy, agent),
      );
      const answers = await sendTogether(harness.url, deliveries);
      const statuses = answers.map((answer) => answer.status).join(' ');
      expect(providerCalls(environment, 'rero.token'), `round ${round}: code exchanges (${statuses})`).toBe(
        1,
      );
      expect(
        answers.filter(isRedirect).length,
        `round ${round}: signed in once (${statuses})`,
      ).toBeGreaterThan(0);
    }
  },
};
