import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { deliver, isRedirect, signInAtRero, startCodeFlow } from './steps.js';

// returnTo values that browsers resolve to another site (or run as script), as received by the app.
export const OPEN_REDIRECT_CORPUS = [
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '///evil.example',
  'https://evil.example',
  'https:evil.example',
  'https:/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  ' //evil.example',
  'javascript:alert(1)',
  '%2F%2Fevil.example',
  '/%2F%2Fevil.example',
  '%5C%5Cevil.example',
];

export const openRedirect: Scenario = {
  id: 'open-redirect',
  title: `returnTo never leaves the site (${OPEN_REDIRECT_CORPUS.length} open-redirect payloads)`,
  async run({ harness, environment }) {
    for (const returnTo of OPEN_REDIRECT_CORPUS) {
      const jar = new CookieJar();
      const login = await startCodeFlow(harness, jar, returnTo);
      // Refusing to start the sign-in is safe too: the patron stays here.
      if (login.status >= 400 && login.status < 500) continue;
      const landing = await deliver(await signInAtRero(harness, environment, login), jar);
      expect.soft(isRedirect(landing), `${JSON.stringify(returnTo)}: answered ${landing.status}`).toBe(true);
      // Resolved as a browser resolves it (WHATWG URL: backslashes, tabs and newlines included).
      const target = new URL(landing.location ?? '/', harness.url);
      expect
        .soft(target.origin, `${JSON.stringify(returnTo)} sent the patron to ${target.href}`)
        .toBe(harness.url);
    }
  },
};
