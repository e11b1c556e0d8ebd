import { startSip2Emulator } from '@ils-auth/emulator';
import { describe, expect, it } from 'vitest';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { MemoryStore } from '../store/memory-store.js';
import { closeSip2Connections } from './sip2-pools.js';

const SIGN_INS = 4_000;
const CALLERS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIP2 pool under a server that drops idle connections', () => {
  it('harsh random idle drops (p = 0.5 every 5 ms): 0 failed of 4,000 sign-ins, each PIN sent to the server once, 0 sockets left', async () => {
    const server = await startSip2Emulator({ idleCheckIntervalMs: 5 });
    const descriptor = sip2({ host: server.host, port: server.port, ...server.credentials, poolSize: 4 });
    const auth = createPatronAuth(descriptor, { store: new MemoryStore() });
    const { valid } = server.patrons;
    try {
      const before = server.controls.stats();
      server.controls.closeIdleAtRandom(0.5);
      const failures = new Map<string, number>();
      let issued = 0;
      await Promise.all(
        Array.from({ length: CALLERS }, async () => {
          while (issued < SIGN_INS) {
            issued += 1;
            await auth.login(valid).catch((error: { code?: string }) => {
              const code = `${error.code}: ${(error as Error).message}`;
              failures.set(code, (failures.get(code) ?? 0) + 1);
            });
            // Between sign-ins the server's idle check gets at the connections now and then (it drops only
            // connections idle for a whole 5 ms interval).
            if (issued % 40 === 0) await sleep(12);
          }
        }),
      );
      server.controls.closeIdleAtRandom(0);
      const after = server.controls.stats();
      expect(Object.fromEntries(failures)).toEqual({});
      // The server dropped many connections under the pool, and every one was replaced.
      expect(after.connectionsOpened - before.connectionsOpened).toBeGreaterThan(20);
      // The server only drops a connection with no message in it, so a retried 63 is one it never read:
      // it received exactly one 63 (one PIN) per sign-in.
      expect((after.messages['63'] ?? 0) - (before.messages['63'] ?? 0)).toBe(SIGN_INS);
      await closeSip2Connections(descriptor);
      await sleep(50);
      expect(server.controls.stats().connectionsOpen).toBe(0);
    } finally {
      server.controls.closeIdleAtRandom(0);
      await closeSip2Connections(descriptor);
      await server.close();
    }
  }, 60_000);
});
