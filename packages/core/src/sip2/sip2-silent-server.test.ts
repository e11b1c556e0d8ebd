import { startSip2Emulator } from '@ils-auth/emulator';
import { describe, expect, it } from 'vitest';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { MemoryStore } from '../store/memory-store.js';
import { closeSip2Connections } from './sip2-pools.js';

const ANSWER_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { warn: () => {}, error: () => {} };

describe('SIP2 server that stops answering', () => {
  it('queued sign-ins fail fast instead of opening connections, and one probe per backoff window reaches it', async () => {
    const server = await startSip2Emulator();
    const descriptor = sip2({
      host: server.host,
      port: server.port,
      ...server.credentials,
      poolSize: 2,
      timeouts: { answerMs: ANSWER_MS, connectMs: ANSWER_MS },
    });
    // A clock the test moves, so that the backoff's windows end when the test says.
    let now = Date.now();
    const auth = createPatronAuth(descriptor, { store: new MemoryStore(), logger: quiet, clock: () => now });
    const { valid } = server.patrons;
    try {
      const ended = server.controls.stats().messages['35'] ?? 0;
      await auth.login(valid);
      // The sign-in's End Patron Session (35) goes out after it, on the connection it borrowed: the pool is
      // idle again once its 36 is back, and only then does the server go silent.
      while ((server.controls.stats().messages['35'] ?? 0) === ended) await sleep(1);
      await sleep(50);
      server.controls.fault('stall', { times: 1_000 });
      const before = server.controls.stats();
      // Six callers on two connections: two reach the silent server, four wait for a connection.
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const started = performance.now();
          const code = await auth.login(valid).then(
            () => 'signed in',
            (error: { code: string }) => error.code,
          );
          return { code, ms: performance.now() - started };
        }),
      );
      expect(outcomes.map((outcome) => outcome.code)).toEqual(Array(6).fill('provider_unavailable'));
      // The four that waited did not each wait out an answer timeout of their own on a new connection.
      for (const { ms } of outcomes) expect(ms).toBeLessThan(ANSWER_MS * 1.75);
      // The idle connection's 63 and the second connection's login (93): nothing after the first timeout.
      const during = server.controls.stats();
      expect(during.connectionsOpened - before.connectionsOpened).toBe(1);
      expect((during.messages['63'] ?? 0) - (before.messages['63'] ?? 0)).toBe(1);

      // The window passes: of six callers at once, one probes the server; the others fail fast.
      now += 120_000;
      const probeBefore = server.controls.stats();
      const probing = await Promise.all(
        Array.from({ length: 6 }, () => auth.login(valid).catch((error: { code: string }) => error.code)),
      );
      expect(probing).toEqual(Array(6).fill('provider_unavailable'));
      const probeAfter = server.controls.stats();
      const reached =
        probeAfter.connectionsOpened -
        probeBefore.connectionsOpened +
        (probeAfter.messages['63'] ?? 0) -
        (probeBefore.messages['63'] ?? 0);
      expect(reached).toBe(1);

      // The server answers again: the next window's probe signs the patron in, and the others follow.
      server.controls.fault(null);
      now += 3_600_000;
      const back = await Promise.all(
        Array.from({ length: 3 }, () =>
          auth.login(valid).then(
            () => 'ok',
            () => 'no',
          ),
        ),
      );
      expect(back.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(1);
      expect((await auth.login(valid)).profile.name).toBe(valid.name);
    } finally {
      await closeSip2Connections(descriptor);
      await server.close();
    }
  });
});
