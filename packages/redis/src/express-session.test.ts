import { isIlsAuthError } from '@ils-auth/core';
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store.js';

const binary = redisServerForTests();

// Our RedisStore shares its name with connect-redis's: handing ours to express-session is an easy mistake.
describe.skipIf(!binary)('RedisStore handed to express-session', () => {
  let server: RedisServer;
  let store: RedisStore;

  beforeAll(async () => {
    server = await RedisServer.launch(binary as string);
    store = new RedisStore({ url: server.url, encryption: false });
  });
  afterAll(async () => {
    await store?.close();
    await server?.kill();
  });

  it('is refused when the middleware is made, with a config_invalid error naming the mistake', () => {
    let thrown: unknown;
    try {
      // What a JavaScript user writes; TypeScript already refuses it (hence the cast).
      session({ secret: 'a-secret-of-32-characters-or-more', store: store as never, resave: false });
    } catch (error) {
      thrown = error;
    }
    expect(isIlsAuthError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'config_invalid' });
    expect(String(thrown)).toMatch(
      /not an express-session store: give express-session connect-redis's RedisStore/,
    );
  });

  it('still works as the token store it is', async () => {
    await store.set('k', 'v', 60_000);
    expect(await store.get('k')).toBe('v');
  });
});
