import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { patronSession } from './patron-session.js';

const fields = {
  id: 'session-id-that-is-a-bearer-credential',
  provider: 'sip2',
  patronId: '23333000000001',
  profile: { provider: 'sip2', id: '23333000000001', name: 'Ada Lovelace', raw: {} },
  createdAt: 1,
  expiresAt: 2,
  refreshable: false,
};

describe('patronSession', () => {
  it('hides its id from JSON.stringify and util.inspect, and from nothing else', () => {
    const session = patronSession(fields);
    for (const printed of [JSON.stringify(session), inspect(session), inspect({ nested: [session] })]) {
      expect(printed).not.toContain(fields.id);
      expect(printed).toContain('[redacted]');
      expect(printed).toContain('Ada Lovelace');
    }
    expect(inspect(session)).toMatch(/^PatronSession \{/);
    expect(session.id).toBe(fields.id);
    expect({ ...session }).toEqual(fields);
    expect(Object.keys(session)).toEqual(Object.keys(fields));
    const iterated: string[] = [];
    for (const key in session) iterated.push(key);
    expect(iterated).toEqual(Object.keys(fields));
  });

  it('is frozen, and each session prints its own fields', () => {
    const first = patronSession(fields);
    const second = patronSession({ ...fields, id: 'another-id', patronId: 'another-patron' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { patronId: string }).patronId = 'changed';
    }).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(second))).toMatchObject({
      id: '[redacted]',
      patronId: 'another-patron',
    });
    expect(JSON.parse(JSON.stringify(first))).toMatchObject({ id: '[redacted]', patronId: '23333000000001' });
  });
});
