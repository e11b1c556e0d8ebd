import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

describe('RequestLog', () => {
  it('keeps the newest 10,000 entries, and exact counts of every request', () => {
    const log = new RequestLog(['sierra.token']);
    for (let i = 0; i < 25_001; i++)
      log.start({
        method: 'GET',
        path: `/v6/bibs/${i}`,
        endpoint: i % 5 === 0 ? 'sierra.token' : 'sierra.bibs.get',
        at: i,
        headers: {},
      });
    const entries = log.entries();
    expect(entries).toHaveLength(10_000);
    expect(entries[0]!.path).toBe('/v6/bibs/15001');
    expect(entries.at(-1)!.path).toBe('/v6/bibs/25000');
    expect(log.total()).toBe(25_001);
    expect(log.tokenRequests()).toBe(5_001);
  });
});
