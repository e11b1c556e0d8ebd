import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { deliver, forgetProviderCalls, isRedirect, providerCalls, reroCallbackUrl } from './steps.js';

// A double click, a reload or a retrying proxy: the same callback twice at once.
export const doubleCallback: Scenario = {
  id: 'double-callback',
  title: 'two simultaneous deliveries of one callback: exactly one code exchange',
  async run({ harness, environment }) {
    const jar = new CookieJar();
    const { callbackUrl } = await reroCallbackUrl(harness, environment, jar);
    forgetProviderCalls(environment);
    const answers = await Promise.all([deliver(callbackUrl, jar.copy()), deliver(callbackUrl, jar.copy())]);
    const statuses = answers.map((answer) => answer.status).join(' ');
    expect(providerCalls(environment, 'rero.token'), `code exchanges (answers: ${statuses})`).toBe(1);
    expect(answers.filter(isRedirect).length, `signed in once (answers: ${statuses})`).toBeGreaterThan(0);
  },
};
