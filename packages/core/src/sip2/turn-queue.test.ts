import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { TurnQueue } from './turn-queue.js';

const busy = () => new IlsAuthError('provider_unavailable', 'busy', { provider: 'sip2' });
const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('TurnQueue', () => {
  it('wakes waiters first come first served and refuses each at its own deadline', async () => {
    const queue = new TurnQueue(busy);
    const order: string[] = [];
    const started = performance.now();
    const settled = (name: string, waiting: Promise<void>) =>
      waiting.then(
        () => order.push(`${name} woken`),
        (error: IlsAuthError) =>
          order.push(`${name} ${error.code} after ${performance.now() - started >= 80}`),
      );
    const early = settled('early', queue.wait(started + 80));
    const late = settled('late', queue.wait(started + 400));
    const third = settled('third', queue.wait(started + 400));
    await early;
    queue.wakeNext();
    await late;
    queue.wakeNext();
    await third;
    expect(order).toEqual(['early provider_unavailable after true', 'late woken', 'third woken']);
    expect(performance.now() - started).toBeLessThan(300);
  });

  it('holds the process only while someone waits', async () => {
    const before = timeouts();
    const queue = new TurnQueue(busy);
    const waiting = queue.wait(performance.now() + 60_000);
    expect(timeouts()).toBe(before + 1);
    queue.wakeAll();
    await waiting;
    expect(timeouts()).toBe(before);
    const again = queue.wait(performance.now() + 60_000);
    expect(timeouts()).toBe(before + 1);
    queue.wakeNext();
    await again;
    expect(timeouts()).toBe(before);
  });
});
