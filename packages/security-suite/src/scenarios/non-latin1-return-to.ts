import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Scenario } from './scenario.js';
import { deliver, isRedirect, signInAtRero, startCodeFlow } from './steps.js';

/** Local paths the return-path rule accepts, with characters no header may carry as they are. */
const RETURN_PATHS = ['/konto/übersicht', '/書誌?q=東京#結果', '/emoji/📚?x=€', '/a b'];

export const nonLatin1ReturnTo: Scenario = {
  id: 'non-latin1-return-to',
  title: `a returnTo outside Latin-1 lands on a valid, encoded Location (${RETURN_PATHS.length} paths), never a 500`,
  async run({ harness, environment }) {
    for (const returnTo of RETURN_PATHS) {
      const jar = new CookieJar();
      const login = await startCodeFlow(harness, jar, returnTo);
      const landing = await deliver(await signInAtRero(harness, environment, login), jar);
      expect
        .soft(isRedirect(landing), `${returnTo}: answered ${landing.status} ${landing.body.slice(0, 120)}`)
        .toBe(true);
      const header = String(landing.headers.location ?? '');
      expect
        .soft(header, `${returnTo}: Location ${JSON.stringify(header)} is not ASCII`)
        .toMatch(/^[\x21-\x7e]+$/);
      // The same page the patron asked for, once the browser decodes it.
      expect.soft(decodeURI(header), `${returnTo}: Location ${header}`).toBe(decodeURI(encodeURI(returnTo)));
    }
  },
};
