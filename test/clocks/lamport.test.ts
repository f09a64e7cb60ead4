import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareLamportTotal, lamportReceive, lamportTick } from '../../src/clocks/lamport.ts';
import type { LamportStamp } from '../../src/clocks/lamport.ts';

const clock = fc.nat({ max: 1_000_000 });
// Small ranges so that equal times (where the pid tie-break matters) are common.
const stamp: fc.Arbitrary<LamportStamp> = fc.record({
  time: fc.nat({ max: 5 }),
  pid: fc.nat({ max: 3 }),
});

describe('lamportTick', () => {
  it('adds one', () => {
    expect(lamportTick(0)).toBe(1);
    expect(lamportTick(41)).toBe(42);
  });

  it('is strictly increasing (property)', () => {
    fc.assert(fc.property(clock, (c) => lamportTick(c) === c + 1 && lamportTick(c) > c));
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s with a RangeError naming it', (bad) => {
    expect(() => lamportTick(bad)).toThrow(RangeError);
    expect(() => lamportTick(bad)).toThrow(String(bad));
  });
});

describe('lamportReceive', () => {
  it('is max(own, msg) + 1', () => {
    expect(lamportReceive(3, 7)).toBe(8);
    expect(lamportReceive(7, 3)).toBe(8);
    expect(lamportReceive(4, 4)).toBe(5);
    expect(lamportReceive(0, 0)).toBe(1);
  });

  it('exceeds both inputs, by exactly one over the larger (property)', () => {
    fc.assert(
      fc.property(clock, clock, (own, msg) => {
        const r = lamportReceive(own, msg);
        expect(r).toBeGreaterThan(own);
        expect(r).toBeGreaterThan(msg);
        expect(r).toBe(Math.max(own, msg) + 1);
      }),
    );
  });

  it('rejects invalid inputs, naming the value', () => {
    expect(() => lamportReceive(-2, 1)).toThrow(/receiver.*-2/);
    expect(() => lamportReceive(1, 0.5)).toThrow(/message.*0\.5/);
    expect(() => lamportReceive(1, 0.5)).toThrow(RangeError);
  });
});

describe('compareLamportTotal', () => {
  it('orders by time first, then by pid', () => {
    expect(compareLamportTotal({ time: 1, pid: 9 }, { time: 2, pid: 0 })).toBe(-1);
    expect(compareLamportTotal({ time: 2, pid: 0 }, { time: 1, pid: 9 })).toBe(1);
    expect(compareLamportTotal({ time: 3, pid: 0 }, { time: 3, pid: 1 })).toBe(-1);
    expect(compareLamportTotal({ time: 3, pid: 1 }, { time: 3, pid: 0 })).toBe(1);
    expect(compareLamportTotal({ time: 3, pid: 1 }, { time: 3, pid: 1 })).toBe(0);
  });

  it('sorts a list of stamps into the (L, pid) order', () => {
    const stamps: LamportStamp[] = [
      { time: 2, pid: 1 },
      { time: 1, pid: 2 },
      { time: 2, pid: 0 },
      { time: 1, pid: 0 },
    ];
    expect([...stamps].sort(compareLamportTotal)).toEqual([
      { time: 1, pid: 0 },
      { time: 1, pid: 2 },
      { time: 2, pid: 0 },
      { time: 2, pid: 1 },
    ]);
  });

  it('returns 0 exactly on equal stamps (property)', () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(compareLamportTotal(a, b) === 0).toBe(a.time === b.time && a.pid === b.pid);
      }),
    );
  });

  it('is antisymmetric: compare(a, b) = -compare(b, a) (property)', () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(compareLamportTotal(a, b)).toBe(-compareLamportTotal(b, a) || 0);
      }),
    );
  });

  it('is total: distinct stamps are strictly ordered one way (property)', () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        fc.pre(a.time !== b.time || a.pid !== b.pid);
        const ab = compareLamportTotal(a, b) === -1;
        const ba = compareLamportTotal(b, a) === -1;
        expect(ab !== ba).toBe(true);
      }),
    );
  });

  it('is transitive (property)', () => {
    fc.assert(
      fc.property(stamp, stamp, stamp, (a, b, c) => {
        if (compareLamportTotal(a, b) <= 0 && compareLamportTotal(b, c) <= 0) {
          expect(compareLamportTotal(a, c)).toBeLessThanOrEqual(0);
        }
        if (compareLamportTotal(a, b) < 0 && compareLamportTotal(b, c) < 0) {
          expect(compareLamportTotal(a, c)).toBe(-1);
        }
      }),
    );
  });

  it('extends the order on times: a.time < b.time implies a before b (property)', () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        fc.pre(a.time < b.time);
        expect(compareLamportTotal(a, b)).toBe(-1);
      }),
    );
  });

  it('rejects invalid fields with a RangeError naming the value', () => {
    expect(() => compareLamportTotal({ time: -1, pid: 0 }, { time: 0, pid: 0 })).toThrow(/first stamp time.*-1/);
    expect(() => compareLamportTotal({ time: 0, pid: 0 }, { time: 0, pid: 2.5 })).toThrow(/second stamp pid.*2\.5/);
    expect(() => compareLamportTotal({ time: 0, pid: 0 }, { time: 0, pid: 2.5 })).toThrow(RangeError);
  });
});
