import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { createClient, isIlsAuthError, sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store.js';

const binary = redisServerForTests();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!binary)('RedisStore on a real redis-server', () => {
  let server: RedisServer;
  let raw: Redis;
  const stores: RedisStore[] = [];
  const open = (options: Omit<ConstructorParameters<typeof RedisStore>[0], 'url' | 'client'> = {}) => {
    const encryption = options.encryptionKey === undefined ? { encryption: false as const } : {};
    const store = new RedisStore({ url: server.url, ...encryption, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await RedisServer.launch(binary as string);
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    raw?.disconnect();
    await server?.kill();
  });

  describe('values', () => {
    it('gets, sets and deletes, with the TTL in Redis', async () => {
      const store = open({ keyPrefix: 'values:' });
      expect(await store.get('k')).toBeUndefined();
      await store.set('k', 'v1', 60_000);
      expect(await store.get('k')).toBe('v1');
      expect(await raw.get('values:k')).toBe('v1');
      const pttl = await raw.pttl('values:k');
      expect(pttl).toBeGreaterThan(59_000);
      expect(pttl).toBeLessThanOrEqual(60_000);
      await store.set('k', 'v2', 60_000);
      expect(await store.get('k')).toBe('v2');
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
      expect(await raw.exists('values:k')).toBe(0);
      expect(store.mode).toBe('redis');
    });

    it('lets Redis expire a value at its TTL', async () => {
      const store = open({ keyPrefix: 'ttl:' });
      await store.set('short', 'x', 150);
      expect(await store.get('short')).toBe('x');
      await sleep(250);
      expect(await store.get('short')).toBeUndefined();
      expect(await raw.exists('ttl:short')).toBe(0);
    });

    it('treats a TTL of zero or less as a delete, as MemoryStore does', async () => {
      const store = open({ keyPrefix: 'zero:' });
      await store.set('k', 'x', 60_000);
      await store.set('k', 'y', 0);
      expect(await store.get('k')).toBeUndefined();
      await store.set('k', 'z', -5);
      expect(await raw.exists('zero:k')).toBe(0);
    });

    it('deletes with deleteIfValue only while the key holds exactly that value', async () => {
      const store = open({ keyPrefix: 'cad:' });
      expect(await store.deleteIfValue('k', 'v1')).toBe(false); // nothing there
      await store.set('k', 'v1', 60_000);
      expect(await store.deleteIfValue('k', 'v1-but-not-quite')).toBe(false);
      expect(await raw.get('cad:k')).toBe('v1');
      // Another process replaces the value: dropping the old one must leave the new one alone.
      await raw.set('cad:k', 'v2', 'PX', 60_000);
      expect(await store.deleteIfValue('k', 'v1')).toBe(false);
      expect(await raw.get('cad:k')).toBe('v2');
      expect(await store.deleteIfValue('k', 'v2')).toBe(true);
      expect(await raw.exists('cad:k')).toBe(0);
    });

    it('keeps apps with different prefixes apart on one Redis', async () => {
      const a = open({ keyPrefix: 'app-a:' });
      const b = open({ keyPrefix: 'app-b:' });
      await a.set('shared-name', 'from a', 60_000);
      expect(await b.get('shared-name')).toBeUndefined();
      await b.set('shared-name', 'from b', 60_000);
      expect(await a.get('shared-name')).toBe('from a');
      await b.delete('shared-name');
      expect(await a.get('shared-name')).toBe('from a');
      expect(await raw.get('app-a:shared-name')).toBe('from a');
    });

    it('works over a client the caller owns, and leaves it open on close()', async () => {
      const client = new Redis(server.url);
      const store = new RedisStore({ client, encryption: false, keyPrefix: 'owned:' });
      await store.set('k', 'v', 60_000);
      expect(await store.get('k')).toBe('v');
      await store.close();
      expect(await client.get('owned:k')).toBe('v');
      client.disconnect();
    });
  });

  describe('encryption at rest', () => {
    const key = randomBytes(32);
    const plaintext = JSON.stringify({ a: 'access-token-SECRET-1234567890', e: Date.now() + 60_000 });

    it('stores AES-256-GCM ciphertext, not the value, and reads it back', async () => {
      const store = open({ keyPrefix: 'enc:', encryptionKey: key });
      await store.set('k', plaintext, 60_000);
      expect(await store.get('k')).toBe(plaintext);
      const stored = (await raw.getBuffer('enc:k')) as Buffer;
      expect(stored[0]).toBe(1); // format version
      expect(stored.length).toBe(1 + 12 + 16 + Buffer.byteLength(plaintext));
      expect(stored.includes('access-token-SECRET')).toBe(false);
      expect(stored.toString('latin1')).not.toContain('SECRET');
      // A fresh IV each time: the same value never looks the same twice.
      await store.set('k', plaintext, 60_000);
      expect(((await raw.getBuffer('enc:k')) as Buffer).equals(stored)).toBe(false);
    });

    it('reads a value as absent under another key, when altered, or moved to another key', async () => {
      const writer = open({ keyPrefix: 'enc2:', encryptionKey: key });
      await writer.set('k', plaintext, 60_000);
      await writer.set('other', plaintext, 60_000);

      const logged: string[] = [];
      const wrongKey = open({
        keyPrefix: 'enc2:',
        encryptionKey: randomBytes(32),
        logger: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
      });
      expect(await wrongKey.get('k')).toBeUndefined();
      expect(await wrongKey.get('other')).toBeUndefined();
      expect(logged).toHaveLength(1); // once per store, not per read
      expect(logged[0]).toMatch(/did not decrypt/);

      const stored = (await raw.getBuffer('enc2:k')) as Buffer;
      const altered = Buffer.from(stored);
      altered[altered.length - 1] = (altered[altered.length - 1] as number) ^ 1;
      await raw.set('enc2:k', altered, 'PX', 60_000);
      expect(await writer.get('k')).toBeUndefined();

      // The Redis key is authenticated: a value copied under another key does not decrypt there.
      await raw.set('enc2:copied', stored, 'PX', 60_000);
      expect(await writer.get('copied')).toBeUndefined();

      await raw.set('enc2:plain', plaintext, 'PX', 60_000);
      expect(await writer.get('plain')).toBeUndefined();
    });

    it('compares plaintexts in deleteIfValue, and deletes only the exact bytes it read', async () => {
      const store = open({ keyPrefix: 'enc-cad:', encryptionKey: key });
      const other = open({ keyPrefix: 'enc-cad:', encryptionKey: key });
      await store.set('k', plaintext, 60_000);
      expect(await store.deleteIfValue('k', 'something else')).toBe(false);
      // Rewritten by another process with the same plaintext: new IV, new bytes, same value.
      await other.set('k', plaintext, 60_000);
      expect(await store.deleteIfValue('k', plaintext)).toBe(true);
      expect(await raw.exists('enc-cad:k')).toBe(0);
      await other.set('k', 'replacement', 60_000);
      expect(await store.deleteIfValue('k', plaintext)).toBe(false);
      expect(await store.get('k')).toBe('replacement');
    });

    it('accepts the key as a Buffer, hex or base64, and refuses anything else without echoing it', async () => {
      const hex = key.toString('hex');
      const base64 = key.toString('base64');
      const base64url = key.toString('base64url');
      await open({ keyPrefix: 'fmt:', encryptionKey: key }).set('k', 'v', 60_000);
      for (const encryptionKey of [hex, base64, base64url, hex.toUpperCase()])
        expect(await open({ keyPrefix: 'fmt:', encryptionKey }).get('k')).toBe('v');

      const bad = [randomBytes(16), randomBytes(33), hex.slice(2), `${base64}AA`, 'not a key!', '', 42];
      for (const encryptionKey of bad) {
        try {
          new RedisStore({ url: server.url, encryptionKey: encryptionKey as string });
          expect.unreachable('a bad key must be refused');
        } catch (error) {
          expect(isIlsAuthError(error) && error.code).toBe('config_invalid');
          expect((error as Error).message).toMatch(/encryptionKey/);
          if (typeof encryptionKey === 'string' && encryptionKey.length > 8)
            expect((error as Error).message).not.toContain(encryptionKey.slice(0, 8));
        }
      }
    });

    it('shows no key material, URL password or value in inspect, JSON or errors', async () => {
      const hex = key.toString('hex');
      const store = new RedisStore({
        url: `redis://:hunter2-password@127.0.0.1:${server.port}`,
        encryptionKey: hex,
        keyPrefix: 'show:',
      });
      for (const shown of [
        inspect(store, { depth: 10, showHidden: true }),
        JSON.stringify(store),
        String(store),
      ]) {
        expect(shown).not.toContain(hex);
        expect(shown).not.toContain(key.toString('base64'));
        expect(shown).not.toContain('hunter2');
      }
      expect(inspect(store)).toMatch(/^RedisStore \{ keyPrefix: 'show:', encrypted: true, mode: '\w+' \}$/);
      try {
        new RedisStore({ url: 'redis://:hunter2-password@127.0.0.1:1', client: raw });
        expect.unreachable();
      } catch (error) {
        expect(String(error)).not.toContain('hunter2');
      }
      await store.close();
    });
  });

  describe('withLock', () => {
    it('holds a lock with a random owner value while fn runs, and releases it', async () => {
      const store = open({ keyPrefix: 'lock1:' });
      let seen: string | null = null;
      const result = await store.withLock('refresh:lock', 5_000, async () => {
        seen = await raw.get('lock1:refresh:lock');
        expect(await raw.pttl('lock1:refresh:lock')).toBeGreaterThan(4_000);
        return 42;
      });
      expect(result).toBe(42);
      expect(seen).toMatch(/^[\w-]{20,}$/);
      expect(await raw.exists('lock1:refresh:lock')).toBe(0);
    });

    it('makes holders on the same key take turns, across two stores (two "processes")', async () => {
      const a = open({ keyPrefix: 'lock2:' });
      const b = open({ keyPrefix: 'lock2:' });
      const events: string[] = [];
      const hold = (store: RedisStore, name: string) =>
        store.withLock('k', 5_000, async () => {
          events.push(`${name} in`);
          await sleep(60);
          events.push(`${name} out`);
        });
      await Promise.all([hold(a, 'a'), hold(b, 'b'), hold(a, 'c'), hold(b, 'd')]);
      for (let i = 0; i < events.length; i += 2) {
        expect(events[i]?.endsWith(' in')).toBe(true);
        expect(events[i + 1]).toBe(events[i]?.replace(' in', ' out'));
      }
      expect(events).toHaveLength(8);
    });

    it('never releases a lock that has passed to another holder', async () => {
      const a = open({ keyPrefix: 'lock3:' });
      const b = open({ keyPrefix: 'lock3:' });
      let bOwner: string | null = null;
      let bStillHeldAfterARelease: string | null = null;
      const slowA = a.withLock('k', 100, async () => {
        await sleep(300); // outlives its 100 ms lock
      });
      await sleep(150); // a's lock has expired: b takes it
      const holdB = b.withLock('k', 5_000, async () => {
        bOwner = await raw.get('lock3:k');
        await slowA; // a finishes and releases while b holds
        bStillHeldAfterARelease = await raw.get('lock3:k');
      });
      await holdB;
      expect(bOwner).not.toBeNull();
      expect(bStillHeldAfterARelease).toBe(bOwner);
      expect(await raw.exists('lock3:k')).toBe(0);
    });

    it('runs fn without the lock once lockWaitMs has passed, leaving the foreign lock alone', async () => {
      const store = open({ keyPrefix: 'lock4:', lockWaitMs: 200 });
      await raw.set('lock4:k', 'someone-else', 'PX', 60_000);
      const started = Date.now();
      const result = await store.withLock('k', 5_000, async () => Date.now() - started);
      expect(result).toBeGreaterThanOrEqual(190);
      expect(result).toBeLessThan(2_000);
      expect(await raw.get('lock4:k')).toBe('someone-else');
    });

    it('takes the lock as soon as its holder lets go', async () => {
      const store = open({ keyPrefix: 'lock5:' });
      await raw.set('lock5:k', 'someone-else', 'PX', 60_000);
      setTimeout(() => void raw.del('lock5:k'), 100);
      const started = Date.now();
      const waited = await store.withLock('k', 5_000, async () => {
        expect(await raw.get('lock5:k')).not.toBe('someone-else');
        return Date.now() - started;
      });
      expect(waited).toBeGreaterThanOrEqual(95);
      expect(waited).toBeLessThan(1_000); // well before the 60 s the foreign lock would live
    });

    it('releases the lock when fn throws, and passes the error on', async () => {
      const store = open({ keyPrefix: 'lock6:' });
      await expect(
        store.withLock('k', 5_000, async () => {
          throw new Error('refresh failed');
        }),
      ).rejects.toThrow('refresh failed');
      expect(await raw.exists('lock6:k')).toBe(0);
    });
  });

  describe('options', () => {
    it('refuses bad options with config_invalid naming the option', () => {
      const cases: [unknown, RegExp][] = [
        [{}, /client.*url/],
        [{ url: server.url, client: raw }, /client.*url/],
        [{ url: 'http://127.0.0.1:6379' }, /url/],
        [{ url: 'not a url' }, /url/],
        [{ client: {} }, /client/],
        [{ url: server.url, keyPrefix: 'has space' }, /keyPrefix/],
        [{ url: server.url, lockWaitMs: -1 }, /lockWaitMs/],
        [{ url: server.url, commandTimeoutMs: 0 }, /commandTimeoutMs/],
        [{ url: server.url, logger: {} }, /logger/],
        [{ url: server.url }, /encryptionKey` is required.*encryption: false/],
        [{ url: server.url, encryption: true }, /encryption` can only be `false`/],
        [{ url: server.url, encryption: false, encryptionKey: randomBytes(32) }, /choose one/],
        [null, /options/],
      ];
      for (const [options, message] of cases) {
        try {
          new RedisStore(options as ConstructorParameters<typeof RedisStore>[0]);
          expect.unreachable(`accepted ${JSON.stringify(options)}`);
        } catch (error) {
          expect(isIlsAuthError(error) && error.code).toBe('config_invalid');
          expect((error as Error).message).toMatch(message);
        }
      }
    });
  });

  describe('with core', () => {
    let emulator: SierraEmulator;
    beforeAll(async () => {
      emulator = await startSierra();
    });
    afterAll(() => emulator?.close());

    it('stores the app token encrypted, and a second client adopts it without a token request', async () => {
      const encryptionKey = randomBytes(32);
      const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
      const first = createClient(provider, { store: open({ keyPrefix: 'core:', encryptionKey }) });
      const token = await first.getToken();
      expect(emulator.controls.tokenRequests()).toBe(1);

      const keys = await raw.keys('core:*');
      expect(keys).toHaveLength(1);
      const stored = (await raw.getBuffer(keys[0] as string)) as Buffer;
      expect(stored.includes(token)).toBe(false);
      expect(keys[0]).not.toContain(emulator.credentials.clientId);

      const second = createClient(provider, { store: open({ keyPrefix: 'core:', encryptionKey }) });
      expect(await second.getToken()).toBe(token);
      const bib = await second.fetch('/bibs/1000004');
      expect(bib.status).toBe(200);
      expect(emulator.controls.tokenRequests()).toBe(1);
    });
  });
});
