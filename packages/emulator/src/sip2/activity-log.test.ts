import { describe, expect, it } from 'vitest';
import { ActivityLog } from './activity-log.js';

describe('ActivityLog', () => {
  it('keeps the last 10,000 messages in arrival order, and counts all of them', () => {
    const log = new ActivityLog();
    expect(log.entries()).toEqual([]);
    for (let index = 0; index < 3; index += 1) log.message('93', index);
    expect(log.entries()).toEqual([
      { command: '93', at: 0 },
      { command: '93', at: 1 },
      { command: '93', at: 2 },
    ]);
    for (let index = 3; index < 25_000; index += 1) log.message(index % 2 === 0 ? '63' : '35', index);
    const entries = log.entries();
    expect(entries).toHaveLength(10_000);
    expect(entries[0]).toEqual({ command: '63', at: 15_000 });
    expect(entries.at(-1)).toEqual({ command: '35', at: 24_999 });
    expect(entries.every((entry, index) => entry.at === 15_000 + index)).toBe(true);
    expect(log.stats().messages).toEqual({ '93': 3, '63': 12_498, '35': 12_499 });
  });

  it('hands out copies: changing them changes nothing', () => {
    const log = new ActivityLog();
    log.message('63', 1);
    (log.entries()[0] as { command: string }).command = 'XX';
    expect(log.entries()).toEqual([{ command: '63', at: 1 }]);
  });
});
