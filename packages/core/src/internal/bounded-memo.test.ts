import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('computes once per input, undefined answers included, and a throw not at all', () => {
    const calls: string[] = [];
    const memo = new BoundedMemo(10, (input) => {
      calls.push(input);
      if (input === 'bad') throw new Error('refused');
      return input === 'none' ? undefined : input.toUpperCase();
    });
    expect([memo.get('a'), memo.get('a'), memo.get('none'), memo.get('none')]).toEqual([
      'A',
      'A',
      undefined,
      undefined,
    ]);
    expect(() => memo.get('bad')).toThrow('refused');
    expect(() => memo.get('bad')).toThrow('refused');
    expect(calls).toEqual(['a', 'none', 'bad', 'bad']);
  });

  it('holds at most `max` inputs, the oldest going first', () => {
    const calls: string[] = [];
    const memo = new BoundedMemo(3, (input) => {
      calls.push(input);
      return input.length;
    });
    for (const input of ['a', 'bb', 'ccc', 'dddd']) memo.get(input);
    memo.get('bb');
    memo.get('a');
    expect(calls).toEqual(['a', 'bb', 'ccc', 'dddd', 'a']);
  });

  it('keeps exactly the last `max` inputs through many turns of its ring', () => {
    let computed = 0;
    const memo = new BoundedMemo(5, (input) => {
      computed += 1;
      return input;
    });
    for (let index = 0; index < 1_003; index += 1) memo.get(`k${index}`);
    computed = 0;
    for (let index = 998; index < 1_003; index += 1) memo.get(`k${index}`);
    expect(computed).toBe(0);
    memo.get('k997');
    expect(computed).toBe(1);
  });
});
