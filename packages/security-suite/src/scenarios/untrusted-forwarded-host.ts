import { send } from '@ils-auth/test-support';
import { expect } from 'vitest';
import type { Scenario } from './scenario.js';
import { PATRONS } from './steps.js';

/** Not the suite's trusted proxy: a client that reaches the app directly, from elsewhere. */
const OUTSIDE_CLIENT = '127.0.0.2';

// A loopback host passes the default Host rule, so only the trust decision stands between it and the answer.
const CHOSEN_HOST = 'localhost:1';
const FORWARDED = { 'x-forwarded-host': CHOSEN_HOST, 'x-forwarded-proto': 'https' };

export const untrustedForwardedHost: Scenario = {
  id: 'untrusted-forwarded-host',
  title: `a client the app's trust proxy does not trust (${OUTSIDE_CLIENT}) cannot choose the redirect_uri's host or scheme, nor pass a PIN post off as same-site, with X-Forwarded-Host/-Proto`,
  async run({ harness }) {
    const login = await send(`${harness.url}${harness.codeLogin}`, {
      headers: { accept: 'text/html', ...FORWARDED },
      localAddress: OUTSIDE_CLIENT,
    });
    expect(login.status, `the login route answered ${login.body.slice(0, 200)}`).toBeLessThan(400);
    const redirectUri = login.location && new URL(login.location).searchParams.get('redirect_uri');
    expect(redirectUri && new URL(redirectUri).origin, 'redirect_uri').toBe(harness.url);
    for (const cookie of login.setCookies)
      expect.soft(cookie, 'a cookie made Secure by the forwarded scheme').not.toMatch(/;\s*Secure/i);

    // The same headers with an Origin of the host they name: a cross-site post, not this site's own.
    const post = await send(`${harness.url}${harness.pinLogin}`, {
      method: 'POST',
      json: PATRONS.second,
      headers: { ...FORWARDED, origin: `https://${CHOSEN_HOST}` },
      localAddress: OUTSIDE_CLIENT,
    });
    expect(post.status, `the PIN post answered ${post.body.slice(0, 200)}`).toBe(403);
  },
};
