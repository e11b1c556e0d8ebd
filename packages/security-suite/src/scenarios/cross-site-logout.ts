import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { Harness } from '../harness.js';
import type { Scenario } from './scenario.js';
import { PATRONS, patronStatus, pinSignIn } from './steps.js';

const EVIL = 'https://evil.example';

interface Variant {
  name: string;
  method: 'GET' | 'POST';
  headers(harness: Harness): Record<string, string>;
  body?: { type: string; text: string };
}

const FORM = { type: 'application/x-www-form-urlencoded', text: 'everywhere=1' };
const PLAIN = { type: 'text/plain', text: 'x' };
const port = (harness: Harness) => Number(new URL(harness.url).port);

/** What another site can make a signed-in browser send to the sign-out route, and what a careless check lets by. */
const VARIANTS: Variant[] = [
  { name: 'POST, Origin of another site', method: 'POST', headers: () => ({ origin: EVIL }) },
  { name: 'POST, Origin null (sandboxed frame)', method: 'POST', headers: () => ({ origin: 'null' }) },
  {
    name: 'POST, Origin that starts like ours',
    method: 'POST',
    headers: (h) => ({ origin: `${h.url}.evil.example` }),
  },
  {
    name: 'POST, Origin of another site beside Sec-Fetch-Site: same-origin',
    method: 'POST',
    headers: () => ({ origin: EVIL, 'sec-fetch-site': 'same-origin' }),
  },
  {
    name: 'POST, Origin of another site beside a Referer of ours',
    method: 'POST',
    headers: (h) => ({ origin: EVIL, referer: `${h.url}/account` }),
  },
  {
    name: 'POST, Sec-Fetch-Site: cross-site',
    method: 'POST',
    headers: () => ({ 'sec-fetch-site': 'cross-site' }),
  },
  {
    name: 'POST, Sec-Fetch-Site: same-site',
    method: 'POST',
    headers: () => ({ 'sec-fetch-site': 'same-site' }),
  },
  { name: 'POST, Referer of another site', method: 'POST', headers: () => ({ referer: `${EVIL}/page` }) },
  { name: 'POST, Referer that is no URL', method: 'POST', headers: () => ({ referer: 'not a url' }) },
  {
    name: 'POST, Origin with our host under another name',
    method: 'POST',
    headers: (h) => ({ origin: `http://localhost:${port(h)}` }),
  },
  {
    name: 'POST, Origin with https',
    method: 'POST',
    headers: (h) => ({ origin: h.url.replace('http:', 'https:') }),
  },
  {
    name: 'POST, Origin with another port',
    method: 'POST',
    headers: (h) => ({ origin: `http://127.0.0.1:${port(h) + 1}` }),
  },
  {
    name: 'POST form, Origin of another site',
    method: 'POST',
    headers: () => ({ origin: EVIL }),
    body: FORM,
  },
  {
    name: 'POST text/plain, Sec-Fetch-Site: cross-site',
    method: 'POST',
    headers: () => ({ 'sec-fetch-site': 'cross-site' }),
    body: PLAIN,
  },
  {
    name: 'POST form, Sec-Fetch-Site: cross-site and a Referer of another site',
    method: 'POST',
    headers: () => ({ 'sec-fetch-site': 'cross-site', referer: `${EVIL}/` }),
    body: FORM,
  },
  {
    name: 'GET (a link), Sec-Fetch-Site: cross-site',
    method: 'GET',
    headers: () => ({ 'sec-fetch-site': 'cross-site' }),
  },
  { name: 'GET, Origin of another site', method: 'GET', headers: () => ({ origin: EVIL }) },
  { name: 'GET, Referer of another site', method: 'GET', headers: () => ({ referer: `${EVIL}/` }) },
  { name: 'GET with nothing (an image whose page hides its Referer)', method: 'GET', headers: () => ({}) },
];

export const crossSiteLogout: Scenario = {
  id: 'cross-site-logout',
  title: `sign-out requests another site can make the browser send (${VARIANTS.length} variants) are refused and end nothing`,
  async run({ harness }) {
    if (!harness.logout) throw new Error('this harness keeps no session');
    const jar = new CookieJar();
    expect((await pinSignIn(harness, jar, PATRONS.first)).status).toBeLessThan(400);
    expect(await patronStatus(harness, jar), 'signed in').toBe(200);
    for (const variant of VARIANTS) {
      const answer = await jar.copy().send(`${harness.url}${harness.logout}`, {
        method: variant.method,
        headers: {
          ...variant.headers(harness),
          ...(variant.body ? { 'content-type': variant.body.type } : {}),
        },
        ...(variant.body ? { body: variant.body.text } : {}),
      });
      expect.soft(answer.status, `${variant.name}: answered ${answer.status}`).toBeGreaterThanOrEqual(400);
      expect.soft(await patronStatus(harness, jar), `${variant.name}: still signed in`).toBe(200);
    }
  },
};
