import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { deliver, PATRONS, pinSignIn, reroCallbackUrl } from './steps.js';

/** What a sign-in may take beyond its budget here: the app's own work and a loaded machine. */
const SLACK_MS = 2_000;

/**
 * The provider answers its headers at once, then its body a byte a second: a PIN check (Sierra) and a
 * code exchange (RERO ILS). Either sign-in must end within `signInTimeoutMs` with an error, never hang.
 */
export const slowProviderBody: Scenario = {
  id: 'slow-provider-body',
  title:
    'a provider body that trickles a byte a second ends the sign-in within its timeout (PIN and code flow)',
  async run({ harness, environment }) {
    const { sierra, rero } = environment.emulators;
    const budget = environment.signInTimeoutMs + SLACK_MS;
    try {
      sierra.controls.inject({ endpoint: 'sierra.patrons.validate', trickleMs: 1_000 });
      let started = Date.now();
      const pin = await pinSignIn(harness, new CookieJar(), PATRONS.first);
      const pinMs = Date.now() - started;
      expect.soft(pinMs, `the PIN sign-in took ${pinMs} ms`).toBeLessThan(budget);
      expect.soft(pin.status, `the PIN sign-in answered ${pin.status}`).toBeGreaterThanOrEqual(500);

      const jar = new CookieJar();
      const { callbackUrl } = await reroCallbackUrl(harness, environment, jar);
      rero.controls.inject({ endpoint: 'rero.token', trickleMs: 1_000 });
      started = Date.now();
      const callback = await deliver(callbackUrl, jar);
      const codeMs = Date.now() - started;
      expect.soft(codeMs, `the code-flow callback took ${codeMs} ms`).toBeLessThan(budget);
      // A page gets its failure answer (an error, or a redirect to a failure page), never a signed-in session.
      expect.soft(callback.status, `the callback answered ${callback.status}`).not.toBe(200);
    } finally {
      sierra.controls.clearFaults();
      rero.controls.clearFaults();
    }
  },
};
