import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  vcompare,
  vconcurrent,
  vleq,
  vlt,
  vmerge,
  vreceive,
  vtick,
  vzero,
} from '../../src/clocks/vector.ts';
import type { VectorClock } from '../../src/clocks/vector.ts';

/** A frozen clock of length n with small entries, so comparable pairs are common. */
const vec = (n: number): fc.Arbitrary<VectorClock> =>
  fc.array(fc.nat({ max: 3 }), { minLength: n, maxLength: n }).map((a) => Object.freeze(a));
const size = fc.integer({ min: 1, max: 5 });
const two = size.chain((n) => fc.tuple(vec(n), vec(n)));
const three = size.chain((n) => fc.tuple(vec(n), vec(n), vec(n)));
/** A pair where the second dominates the first (so 'before'/'equal' are well represented). */
const dominated = size.chain((n) =>
  fc.tuple(vec(n), vec(n)).map(([a, d]): [VectorClock, VectorClock] => [a, a.map((x, j) => x + d[j])]),
);

const eq = (a: VectorClock, b: VectorClock): boolean =>
  a.length === b.length && a.every((x, j) => x === b[j]);

describe('vzero / vtick / vreceive', () => {
  it('vzero(n) is n zeros', () => {
    expect(vzero(3)).toEqual([0, 0, 0]);
    expect(vzero(0)).toEqual([]);
    expect(() => vzero(-1)).toThrow(RangeError);
    expect(() => vzero(1.5)).toThrow(/1\.5/);
  });

  it('vtick increments only entry i and returns a new array', () => {
    const v = Object.freeze([1, 2, 3]);
    const t = vtick(v, 1);
    expect(t).toEqual([1, 3, 3]);
    expect(v).toEqual([1, 2, 3]);
    expect(t).not.toBe(v);
  });

  it('vtick rejects an out-of-range index, naming index and length', () => {
    expect(() => vtick([0, 0], 2)).toThrow(RangeError);
    expect(() => vtick([0, 0], 2)).toThrow(/index 2.*length 2/);
    expect(() => vtick([0, 0], -1)).toThrow(/-1/);
  });

  it('vreceive merges then ticks the receiver', () => {
    expect(vreceive([2, 0, 1], [1, 3, 0], 0)).toEqual([3, 3, 1]);
    expect(vreceive([2, 0, 1], [1, 3, 0], 2)).toEqual([2, 3, 2]);
  });

  it('vtick(v, i) is strictly after v, differing by one in entry i (property)', () => {
    fc.assert(
      fc.property(size.chain((n) => fc.tuple(vec(n), fc.nat({ max: n - 1 }))), ([v, i]) => {
        const t = vtick(v, i);
        expect(vlt(v, t)).toBe(true);
        expect(vcompare(v, t)).toBe('before');
        t.forEach((x, j) => expect(x).toBe(j === i ? v[j] + 1 : v[j]));
      }),
    );
  });

  it('vreceive result is strictly after both the receiver and the message (property)', () => {
    fc.assert(
      fc.property(size.chain((n) => fc.tuple(vec(n), vec(n), fc.nat({ max: n - 1 }))), ([own, msg, i]) => {
        const r = vreceive(own, msg, i);
        expect(vlt(own, r)).toBe(true);
        expect(vlt(msg, r)).toBe(true);
        expect(r).toEqual(vtick(vmerge(own, msg), i));
      }),
    );
  });
});

describe('vmerge', () => {
  it('is the element-wise max', () => {
    expect(vmerge([1, 5, 0], [2, 3, 0])).toEqual([2, 5, 0]);
  });

  it('is commutative (property)', () => {
    fc.assert(fc.property(two, ([a, b]) => {
        expect(vmerge(a, b)).toEqual(vmerge(b, a));
      }));
  });

  it('is associative (property)', () => {
    fc.assert(
      fc.property(three, ([a, b, c]) => {
        expect(vmerge(vmerge(a, b), c)).toEqual(vmerge(a, vmerge(b, c)));
      }),
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(fc.property(size.chain(vec), (a) => {
        expect(vmerge(a, a)).toEqual(a);
      }));
  });

  it('is the least upper bound in the pointwise order (property)', () => {
    fc.assert(
      fc.property(three, ([a, b, c]) => {
        const m = vmerge(a, b);
        expect(vleq(a, m) && vleq(b, m)).toBe(true);
        if (vleq(a, c) && vleq(b, c)) expect(vleq(m, c)).toBe(true);
      }),
    );
  });
});

describe('vcompare / vleq / vlt / vconcurrent', () => {
  it('classifies hand-picked pairs', () => {
    expect(vcompare([1, 2], [1, 2])).toBe('equal');
    expect(vcompare([1, 2], [1, 3])).toBe('before');
    expect(vcompare([2, 2], [1, 2])).toBe('after');
    expect(vcompare([2, 1], [1, 2])).toBe('concurrent');
    expect(vcompare([], [])).toBe('equal');
    expect(vleq([1, 2], [1, 2])).toBe(true);
    expect(vlt([1, 2], [1, 2])).toBe(false);
    expect(vlt([0, 2], [1, 2])).toBe(true);
    expect(vleq([2, 1], [1, 2])).toBe(false);
    expect(vconcurrent([2, 1], [1, 2])).toBe(true);
    expect(vconcurrent([1, 1], [1, 2])).toBe(false);
  });

  it('throws a RangeError naming both lengths when lengths differ', () => {
    const fns = [vcompare, vleq, vlt, vconcurrent, vmerge];
    for (const f of fns) {
      expect(() => f([1, 2, 3], [1, 2])).toThrow(RangeError);
      expect(() => f([1, 2, 3], [1, 2])).toThrow(/3 and 2/);
    }
    expect(() => vreceive([0], [0, 0], 0)).toThrow(/1 and 2/);
  });

  it('vcompare agrees with vlt / vleq / vconcurrent, and exactly one outcome holds (property)', () => {
    fc.assert(
      fc.property(fc.oneof(two, dominated), ([a, b]) => {
        const o = vcompare(a, b);
        expect(o === 'before').toBe(vlt(a, b));
        expect(o === 'after').toBe(vlt(b, a));
        expect(o === 'equal').toBe(eq(a, b));
        expect(o === 'concurrent').toBe(vconcurrent(a, b));
        expect(vleq(a, b)).toBe(o === 'before' || o === 'equal');
        const dual = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' } as const;
        expect(vcompare(b, a)).toBe(dual[o]);
      }),
    );
  });

  it('vleq(a, b) iff vmerge(a, b) equals b (property)', () => {
    fc.assert(fc.property(fc.oneof(two, dominated), ([a, b]) => {
        expect(vleq(a, b)).toBe(eq(vmerge(a, b), b));
      }));
  });

  it('vlt is irreflexive (property)', () => {
    fc.assert(fc.property(size.chain(vec), (a) => {
        expect(vlt(a, a)).toBe(false);
        expect(vcompare(a, a)).toBe('equal');
      }));
  });

  it('vlt is asymmetric and vleq antisymmetric (property)', () => {
    fc.assert(
      fc.property(fc.oneof(two, dominated), ([a, b]) => {
        expect(vlt(a, b) && vlt(b, a)).toBe(false);
        if (vleq(a, b) && vleq(b, a)) expect(eq(a, b)).toBe(true);
      }),
    );
  });

  it('vlt and vleq are transitive (property)', () => {
    // Build chains a <= b <= c often, by adding non-negative deltas.
    const chain = size.chain((n) =>
      fc.tuple(vec(n), vec(n), vec(n)).map(([a, d1, d2]): [VectorClock, VectorClock, VectorClock] => {
        const b = a.map((x, j) => x + d1[j]);
        return [a, b, b.map((x, j) => x + d2[j])];
      }),
    );
    fc.assert(
      fc.property(fc.oneof(three, chain), ([a, b, c]) => {
        if (vlt(a, b) && vlt(b, c)) expect(vlt(a, c)).toBe(true);
        if (vleq(a, b) && vleq(b, c)) expect(vleq(a, c)).toBe(true);
      }),
    );
  });

  it('vconcurrent is symmetric and irreflexive (property)', () => {
    fc.assert(
      fc.property(two, ([a, b]) => {
        expect(vconcurrent(a, b)).toBe(vconcurrent(b, a));
        expect(vconcurrent(a, a)).toBe(false);
      }),
    );
  });
});
