import { send } from '@ils-auth/test-support';
import { expect } from 'vitest';
import type { Scenario } from './scenario.js';

const GARBAGE_HOSTS = ['evil.com#', 'a b', 'evil.com/x', 'evil.com:99999'];

export const garbageHost: Scenario = {
  id: 'garbage-host',
  title: 'a garbage Host is a 4xx, never a redirect_uri pointing at it',
  async run({ harness }) {
    for (const host of GARBAGE_HOSTS) {
      const answer = await send(`${harness.url}${harness.codeLogin}`, {
        headers: { host, accept: 'text/html' },
      });
      expect.soft(answer.status, `Host: ${host}`).toBeGreaterThanOrEqual(400);
      expect.soft(answer.status, `Host: ${host}`).toBeLessThan(500);
      const redirectUri = answer.location && new URL(answer.location).searchParams.get('redirect_uri');
      if (redirectUri)
        expect.soft(new URL(redirectUri).origin, `Host: ${host}: redirect_uri`).toBe(harness.url);
    }
  },
};
