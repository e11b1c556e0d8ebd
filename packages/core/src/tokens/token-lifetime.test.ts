import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import type { Logger } from '../internal/logger.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { oauth2 } from '../providers/oauth2.js';
import { MemoryStore } from '../store/memory-store.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';
import { MAX_TOKEN_LIFETIME_SECONDS } from './parse-token-response.js';

type Server = Awaited<ReturnType<typeof startScriptedServer>>;

const ACCESS_TOKEN = 'at-7f3c9e1b2a4d6f80';
const REDIRECT = 'http://127.0.0.1:5999/cb';
let server: Server;
/** The `expires_in` the token endpoint answers next, written into the JSON as it is. */
let expiresIn = '3600';

beforeAll(async () => {
  server = await startScriptedServer((req, res) => {
    if (req.url === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(
        `{"access_token":"${ACCESS_TOKEN}","token_type":"Bearer","expires_in":${expiresIn}}`,
      );
    }
    if (req.url === '/userinfo') return json(res, 200, { sub: 'patron-3', name: 'Ada' });
    json(res, 404, {});
  });
});
afterAll(() => server.close());

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    warn: (message, context) => lines.push(`${message} ${inspect(context)}`),
    error: (message, context) => lines.push(`${message} ${inspect(context)}`),
  };
  return { lines, logger };
}

const provider = () =>
  oauth2({
    id: 'lib',
    tokenUrl: `${server.url}/token`,
    authorizationUrl: `${server.url}/authorize`,
    userinfoUrl: `${server.url}/userinfo`,
    clientId: 'portal',
    clientSecret: 'portal-secret-value',
    scopes: ['profile'],
    allowInsecureHttp: true,
  });

const maxMs = MAX_TOKEN_LIFETIME_SECONDS * 1000;

describe('an expires_in past the longest lifetime kept', () => {
  it.each(['1e29', '1e308', `"${'9'.repeat(40)}"`])(
    'keeps an app token with expires_in %s for 7 days at most, with one warning that names no token',
    async (figure) => {
      expiresIn = figure;
      const { lines, logger } = recordingLogger();
      const before = Date.now();
      const token = await createClient(provider(), { logger }).getTokenSet();
      expect(token.expiresAt).toBeGreaterThanOrEqual(before + maxMs);
      expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + maxMs);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('expires_in');
      expect(lines[0]).not.toContain(ACCESS_TOKEN);
    },
  );

  it.each(['1e29', '1e308'])(
    'ends a patron session from a token with expires_in %s within 7 days, and signs the patron in',
    async (figure) => {
      expiresIn = figure;
      const { lines, logger } = recordingLogger();
      const auth = createPatronAuth(provider(), { store: new MemoryStore(), redirectUri: REDIRECT, logger });
      const { transaction } = auth.authorizationUrl();
      const before = Date.now();
      const session = await auth.handleCallback(`${REDIRECT}?code=c&state=${transaction.state}`, transaction);
      expect(session.profile.id).toBe('patron-3');
      expect(session.expiresAt).toBeLessThanOrEqual(Date.now() + maxMs);
      expect(session.expiresAt).toBeGreaterThanOrEqual(before + maxMs);
      expect(await auth.getSession(session.id)).toBeDefined();
      expect(lines.join('\n')).not.toContain(ACCESS_TOKEN);
      expect(lines.some((line) => line.includes('expires_in'))).toBe(true);
    },
  );

  it('keeps an ordinary expires_in as it is, without a warning', async () => {
    expiresIn = '3600';
    const { lines, logger } = recordingLogger();
    const before = Date.now();
    const token = await createClient(provider(), { logger }).getTokenSet();
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(lines).toEqual([]);
  });
});
