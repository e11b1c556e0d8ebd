import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { PinSystem } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { pinSignIn } from './steps.js';

// Login CSRF: another site's auto-submitting form would sign the victim into the attacker's account.
const CROSS_SITE_POSTS: Record<string, Record<string, string>> = {
  'Origin and Sec-Fetch-Site': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  'Origin alone': { origin: 'https://evil.example' },
  'Sec-Fetch-Site alone': { 'sec-fetch-site': 'cross-site' },
};

export const crossSitePinPost = (system: PinSystem): Scenario => ({
  id: `${system.idPrefix}cross-site-pin-post` as Scenario['id'],
  title: `a cross-site PIN post is refused with 403 before ${system.name} is asked`,
  async run({ harness, environment }) {
    for (const [headersSent, headers] of Object.entries(CROSS_SITE_POSTS)) {
      system.forgetChecks(environment);
      const answer = await pinSignIn(harness, new CookieJar(), system.patrons.crossSiteVictim, headers, {
        route: system.route(harness),
      });
      expect.soft(answer.status, `${headersSent}: status`).toBe(403);
      expect.soft(system.checksAtSystem(environment), `${headersSent}: PIN checks`).toBe(0);
    }
  },
});
