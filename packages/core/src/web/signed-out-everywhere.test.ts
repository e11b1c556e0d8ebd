import { describe, expect, it } from 'vitest';
import type { PatronSession } from '../patrons/patron-session.js';
import { MemoryStore } from '../store/memory-store.js';
import { SignedOutEverywhere } from './signed-out-everywhere.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

/** A MemoryStore that also keeps what was written to it. */
class RecordingStore extends MemoryStore {
  readonly written: string[] = [];
  override async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.written.push(`${key}=${value}`);
    await super.set(key, value, ttlMs);
  }
}

function session(id: string, createdAt: number, patronId: string | undefined = '1000001'): PatronSession {
  return {
    id,
    provider: 'sierra',
    patronId,
    profile: undefined,
    createdAt,
    expiresAt: createdAt + 3_600_000,
    refreshable: false,
  };
}

describe('SignedOutEverywhere: "log out everywhere" without a list of sessions', () => {
  it("ends every session of the patron that started before it, not a later sign-in, not another patron's", async () => {
    let now = 1_000_000;
    const store = new MemoryStore();
    const everywhere = new SignedOutEverywhere(store, SECRET, 'ils', () => now);
    const laptop = session('laptop', 990_000);
    const phone = session('phone', 995_000);
    const neighbour = session('neighbour', 990_000, '1000002');
    expect(await everywhere.isOver(phone)).toBe(false);

    await everywhere.signOut(laptop);
    expect(await everywhere.isOver(laptop)).toBe(true);
    expect(await everywhere.isOver(phone)).toBe(true);
    expect(await everywhere.isOver(neighbour)).toBe(false);
    now = 1_000_001;
    expect(await everywhere.isOver(session('tablet', now))).toBe(false);
  });

  it('keeps no patron id in the store, and is shared through it (another process sees the sign-out)', async () => {
    const store = new RecordingStore();
    const clock = () => 2_000_000;
    await new SignedOutEverywhere(store, SECRET, 'ils', clock).signOut(
      session('laptop', 1_000_000, '8675309'),
    );
    expect(store.written).toHaveLength(1);
    expect(store.written.join()).not.toContain('8675309');
    expect(
      await new SignedOutEverywhere(store, SECRET, 'ils', clock).isOver(
        session('phone', 1_500_000, '8675309'),
      ),
    ).toBe(true);
    // Another secret finds nothing: the key is an HMAC of the patron, not the patron.
    const other = new SignedOutEverywhere(store, `${SECRET}-other`, 'ils', clock);
    expect(await other.isOver(session('phone', 1_500_000, '8675309'))).toBe(false);
  });

  it('a session without a patron id has no "everywhere": it is never ended by it', async () => {
    const everywhere = new SignedOutEverywhere(new MemoryStore(), SECRET, 'ils', () => 5);
    const anonymous = { ...session('x', 1), patronId: undefined };
    await everywhere.signOut(anonymous);
    expect(await everywhere.isOver(anonymous)).toBe(false);
  });
});
