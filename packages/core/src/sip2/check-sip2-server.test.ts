import { startSip2Emulator } from '@ils-auth/emulator';
import { describe, expect, it } from 'vitest';
import { checkSip2Server } from './check-sip2-server.js';

const steps = (results: { check: string; outcome: string }[]) =>
  results.map((result) => `${result.outcome} ${result.check}`);

describe('checkSip2Server', () => {
  it('passes each step a sign-in takes over TLS, and names a refused test patron with its reason', async () => {
    const server = await startSip2Emulator({ tls: true });
    try {
      const options = { host: server.host, port: server.port, tls: { ca: server.ca }, ...server.credentials };
      const { valid, lost } = server.patrons;
      const healthy = await checkSip2Server(options, valid);
      expect(steps(healthy)).toEqual(['ok connect', 'ok tls', 'ok login', 'ok sc-status', 'ok patron']);
      expect(healthy.at(-1)?.profile).toMatchObject({ name: valid.name, barcode: valid.barcode });

      const refused = await checkSip2Server(options, lost);
      expect(refused.at(-1)).toMatchObject({
        check: 'patron',
        outcome: 'fail',
        code: 'access_denied',
        reason: 'card_lost',
      });
      const wrongLogin = await checkSip2Server({ ...options, loginPassword: 'not-the-password' });
      expect(steps(wrongLogin)).toEqual([
        'ok connect',
        'ok tls',
        'fail login',
        'skip sc-status',
        'skip patron',
      ]);
      expect(JSON.stringify([healthy, refused, wrongLogin])).not.toMatch(
        /not-the-password|sip-test-password|4321/,
      );
      // Every check closed what it opened.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.controls.stats().connectionsOpen).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('a server that does not answer fails login within the answer timeout; nothing listening fails connect', async () => {
    const server = await startSip2Emulator();
    const options = {
      host: server.host,
      port: server.port,
      ...server.credentials,
      timeouts: { answerMs: 200 },
    };
    server.controls.fault('stall', { times: 10 });
    const started = Date.now();
    const silent = await checkSip2Server(options);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(silent[2]).toMatchObject({ check: 'login', outcome: 'fail', code: 'provider_unavailable' });
    await server.close();
    const down = await checkSip2Server(options);
    expect(steps(down)).toEqual(['fail connect', 'skip tls', 'skip login', 'skip sc-status', 'skip patron']);
  });
});
