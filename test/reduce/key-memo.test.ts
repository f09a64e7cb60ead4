/**
 * The integer-vector memo of partial-order reduction (checker/reduce/key-memo.ts): against a Map
 * keyed by the vectors' text, on random keys of mixed lengths with many collisions of small values,
 * through growth and clearing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyMemo } from '../../checker/reduce/key-memo.ts';

describe('KeyMemo', () => {
  it('answers what a Map keyed by the vectors answers, through growth and clear', () => {
    const op = fc.tuple(fc.constantFrom('get', 'set', 'set', 'clear'), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 0, maxLength: 6 }), fc.integer({ min: -5, max: 1 << 30 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const memo = new KeyMemo(6);
        const ref = new Map<string, number>();
        for (const [what, k, v] of ops) {
          memo.key.set(k);
          const name = `${k.length}:${k.join(',')}`;
          if (what === 'clear') {
            memo.clear();
            ref.clear();
          } else if (what === 'set') {
            memo.set(k.length, v);
            ref.set(name, v);
          } else expect(memo.get(k.length)).toBe(ref.get(name));
          expect(memo.size).toBe(ref.size);
        }
        for (const [name, v] of ref) {
          const k = name.slice(name.indexOf(':') + 1);
          const key = k === '' ? [] : k.split(',').map(Number);
          memo.key.set(key);
          expect(memo.get(key.length)).toBe(v);
        }
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });

  it('a key that is a prefix of another, or differs in its last entry, is another key', () => {
    const memo = new KeyMemo(3);
    memo.key.set([1, 2, 3]);
    memo.set(3, 7);
    expect(memo.get(2)).toBeUndefined();
    memo.key[2] = 4;
    expect(memo.get(3)).toBeUndefined();
    memo.key[2] = 3;
    expect(memo.get(3)).toBe(7);
  });
});
