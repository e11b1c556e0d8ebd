import { startSierra } from '@ils-auth/emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, collect, sierraFlags, startCli } from './testing/run-cli.js';

beforeAll(() => assertBuilt());

describe('ils-auth writing into a pipe whose reader has gone (`ils-auth info … | head`)', () => {
  it('ends as usual, exit 0, with no stack trace or EPIPE message', async () => {
    const sierra = await startSierra();
    try {
      const child = startCli(['info', 'sierra', ...sierraFlags(sierra.url, sierra.credentials)]);
      // The reader closes before the answer is written, as `head` does once it has its lines.
      child.stdout!.destroy();
      const result = await collect(child);
      expect(sierra.controls.requests().map((entry) => entry.endpoint)).toContain('sierra.info.token');
      // The status line still goes to stderr, which is open; nothing else does.
      expect(result.stderr).toBe('HTTP 200 OK\n');
      expect(result.signal).toBeNull();
      expect(result.code).toBe(0);
    } finally {
      await sierra.close();
    }
  });
});
