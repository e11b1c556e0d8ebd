import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauth2 } from '../providers/oauth2.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';
import { createClient } from './create-client.js';

const LIFETIME_SECONDS = 2;

/**
 * A token server that, like many, keeps times in whole seconds: a token issued at 10.9 s with a 2 s
 * lifetime expires at 12.0 s, not 12.9 s, although `expires_in` says 2. It remembers every expiry so the
 * test can check each token handed out against the server's own view.
 */
async function startRoundingServer() {
  const expiries = new Map<string, number>();
  let issued = 0;
  const server = await startScriptedServer((request, response) => {
    if (request.url !== '/token') return json(response, 404, {});
    const token = `t${++issued}`;
    expiries.set(token, Math.floor(Date.now() / 1000) * 1000 + LIFETIME_SECONDS * 1000);
    json(response, 200, { access_token: token, token_type: 'Bearer', expires_in: LIFETIME_SECONDS });
  });
  return { ...server, expiries, issued: () => issued };
}

describe('expiry margin', () => {
  let server: Awaited<ReturnType<typeof startRoundingServer>>;
  beforeAll(async () => {
    server = await startRoundingServer();
  });
  afterAll(() => server.close());

  it('never hands out a token within 1 s of its expiry, even from a server that rounds to whole seconds', async () => {
    const client = createClient(
      oauth2({
        tokenUrl: `${server.url}/token`,
        clientId: 'app',
        clientSecret: 'app-secret',
        allowInsecureHttp: true,
      }),
    );
    let handedOut = 0;
    let pastExpiry = 0;
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      const token = await client.getToken();
      const handedOutAt = Date.now();
      handedOut += 1;
      if (handedOutAt >= (server.expiries.get(token) ?? 0)) pastExpiry += 1;
      await sleep(10);
    }
    expect(handedOut).toBeGreaterThan(200);
    // Tokens were reused, not fetched per call: the margin does not turn into a token request per call.
    expect(server.issued()).toBeLessThan(handedOut / 10);
    expect(pastExpiry).toBe(0);
  });
});
