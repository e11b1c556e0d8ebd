import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { oauth2 } from '../providers/oauth2.js';
import { MemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';
import { createPatronAuth, type PatronAuth } from './create-patron-auth.js';

/**
 * A rotating OAuth server as RERO runs one: each refresh returns a new pair and invalidates the old
 * refresh token. `omitRefreshToken` makes it answer one refresh without a refresh_token (allowed by §6).
 */
function rotatingServer() {
  let generation = 0;
  let currentRefresh = '';
  const state = { omitRefreshToken: false, refreshCalls: 0 };
  const handler = (body: string) => {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') === 'authorization_code') {
      generation += 1;
      currentRefresh = `rt-${generation}`;
      return {
        status: 200,
        body: {
          access_token: `at-${generation}`,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: currentRefresh,
          user: { id: 'patron-7' },
        },
      };
    }
    state.refreshCalls += 1;
    if (form.get('refresh_token') !== currentRefresh)
      return { status: 400, body: { error: 'invalid_grant' } };
    generation += 1;
    if (state.omitRefreshToken)
      return {
        status: 200,
        body: { access_token: `at-${generation}`, token_type: 'Bearer', expires_in: 3600 },
      };
    currentRefresh = `rt-${generation}`;
    return {
      status: 200,
      body: {
        access_token: `at-${generation}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: currentRefresh,
      },
    };
  };
  return { state, handler };
}

/** Serves a snapshot of one key for the next `staleReads` reads: another process rotated meanwhile. */
class StaleReadStore implements TokenStore {
  staleValue: string | undefined;
  staleReads = 0;
  readonly events: string[] = [];
  constructor(private readonly inner: TokenStore) {}
  async get(key: string) {
    if (this.staleReads > 0 && key.includes(':session:')) {
      this.staleReads -= 1;
      return this.staleValue;
    }
    return this.inner.get(key);
  }
  async set(key: string, value: string, ttlMs: number) {
    const refresh = /"r":"(rt-\d+)"/.exec(value)?.[1];
    if (refresh) this.events.push(`stored ${refresh}`);
    return this.inner.set(key, value, ttlMs);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

describe('refresh-token rotation never loses a refresh token', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  let rotating: ReturnType<typeof rotatingServer>;
  let store: StaleReadStore;
  beforeAll(async () => {
    server = await startScriptedServer((req, res) => {
      const answer = rotating.handler(req.body);
      json(res, answer.status, answer.body);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    rotating = rotatingServer();
    store = new StaleReadStore(new MemoryStore());
  });

  const makeAuth = (): PatronAuth =>
    createPatronAuth(
      oauth2({
        id: 'rot',
        tokenUrl: `${server.url}/token`,
        authorizationUrl: `${server.url}/authorize`,
        clientId: 'app',
        clientSecret: 'app-secret',
        tokenEndpointAuth: 'post',
        mapProfile: (record) => ({ id: String((record.user as { id: string }).id) }),
      }),
      { store, redirectUri: 'http://127.0.0.1:5999/cb' },
    );
  const signIn = async (auth: PatronAuth) => {
    const { transaction } = auth.authorizationUrl();
    return auth.handleCallback(`http://127.0.0.1:5999/cb?code=c1&state=${transaction.state}`, transaction);
  };

  it('stores the new refresh token before the new access token is handed out', async () => {
    const auth = makeAuth();
    const session = await signIn(auth);
    await auth.refresh(session.id);
    store.events.push('returned');
    expect(await auth.accessToken(session.id)).toBe('at-2');
    expect(store.events.indexOf('stored rt-2')).toBeGreaterThan(-1);
    expect(store.events.indexOf('stored rt-2')).toBeLessThan(store.events.indexOf('returned'));
  });

  it('keeps the old refresh token when the response brings none', async () => {
    const auth = makeAuth();
    const session = await signIn(auth);
    rotating.state.omitRefreshToken = true;
    await auth.refresh(session.id);
    expect(await auth.accessToken(session.id)).toBe('at-2');
    rotating.state.omitRefreshToken = false;
    await auth.refresh(session.id); // uses rt-1 again, which the server still accepts
    expect(await auth.accessToken(session.id)).toBe('at-3');
    expect((await auth.getSession(session.id))?.refreshable).toBe(true);
  });

  it('on invalid_grant, re-reads the store once and adopts a rotation made by another process', async () => {
    const auth = makeAuth();
    const session = await signIn(auth);
    // Snapshot the session as this process last saw it, then let "another process" rotate rt-1 → rt-2.
    const sessionKey = await findSessionKey(store, session.id);
    store.staleValue = await store.get(sessionKey);
    await makeAuth().refresh(session.id);
    expect(rotating.state.refreshCalls).toBe(1);

    store.staleReads = 2; // this process still reads rt-1 while it decides to refresh
    const renewed = await auth.refresh(session.id);
    expect(renewed.refreshable).toBe(true);
    expect(rotating.state.refreshCalls).toBe(2); // one refused attempt with rt-1, then the store was re-read
    expect(await auth.accessToken(session.id)).toBe('at-2'); // the other process's pair, adopted
  });

  it('reports reauthRequired when the refresh token is really gone, and ends the session', async () => {
    const auth = makeAuth();
    const session = await signIn(auth);
    rotating.handler('grant_type=authorization_code'); // a new sign-in elsewhere invalidates this pair
    const error = await auth.refresh(session.id).catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_grant');
    expect((error as { reauthRequired?: boolean }).reauthRequired).toBe(true);
    expect(await auth.getSession(session.id)).toBeUndefined();
  });

  it('makes one refresh request for 25 concurrent refreshes of one session', async () => {
    const auth = makeAuth();
    const session = await signIn(auth);
    await Promise.all(Array.from({ length: 25 }, () => auth.refresh(session.id)));
    expect(rotating.state.refreshCalls).toBe(1);
    expect(await auth.accessToken(session.id)).toBe('at-2');
  });
});

async function findSessionKey(store: TokenStore, sessionId: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const key = `ils-auth:session:${createHash('sha256').update(sessionId).digest('base64url').slice(0, 32)}`;
  if ((await store.get(key)) === undefined) throw new Error('session key not found');
  return key;
}
