import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  consistentCuts,
  deliveredWereSent,
  isClosedUnderHappensBefore,
  isConsistentCut,
  validateCut,
} from '../../src/causality/cuts.ts';
import type { Cut } from '../../src/causality/cuts.ts';
import { linearize } from '../../src/causality/run.ts';
import type { Run } from '../../src/causality/run.ts';
import { arbRun } from './arbitraries.ts';

/** Every frontier of the run (consistent or not), in lexicographic order. */
function allFrontiers(run: Run): number[][] {
  let out: number[][] = [[]];
  for (const evs of run.events) {
    const next: number[][] = [];
    for (const prefix of out) for (let c = 0; c <= evs.length; c++) next.push([...prefix, c]);
    out = next;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Hand-built runs
// ---------------------------------------------------------------------------

// P0: a = send m1, b = local
// P1: c = local,   d = receive m1
const small: Run = {
  n: 2,
  events: [
    [{ kind: 'send', msg: 'm1' }, { kind: 'local' }],
    [{ kind: 'local' }, { kind: 'receive', msg: 'm1' }],
  ],
};

// A chain: P0 sends a to P1, which then sends b to P2.
const chain: Run = {
  n: 3,
  events: [
    [{ kind: 'send', msg: 'a' }],
    [{ kind: 'receive', msg: 'a' }, { kind: 'send', msg: 'b' }],
    [{ kind: 'receive', msg: 'b' }],
  ],
};

describe('consistent cuts of hand-built runs', () => {
  it('small run: exactly 8 of the 9 frontiers are consistent', () => {
    // Frontiers [f0, f1] with f0, f1 in 0..2: 3 * 3 = 9 of them.
    // Happens-before: a -> b (program order), c -> d (program order), a -> d (m1).
    // The only constraint not given by program order is a -> d: a cut including
    // d (f1 = 2) must include a (f0 >= 1). So only [0, 2] is inconsistent: it
    // contains the receive of m1 but not its send. 9 - 1 = 8 consistent cuts.
    const expected = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 0],
      [2, 1],
      [2, 2],
    ];
    expect(consistentCuts(small)).toEqual(expected);
    expect(isConsistentCut(small, [0, 2])).toBe(false);
    expect(isClosedUnderHappensBefore(small, [0, 2])).toBe(false);
    expect(deliveredWereSent(small, [0, 2])).toBe(false);
    for (const cut of expected) {
      expect(isClosedUnderHappensBefore(small, cut)).toBe(true);
      expect(deliveredWereSent(small, cut)).toBe(true);
    }
  });

  it('chain run: the consistent cuts form a chain of 5', () => {
    // Constraints: including P1's receive (f1 >= 1) needs P0's send (f0 = 1);
    // including P2's receive (f2 = 1) needs P1's send (f1 = 2).
    // f1 = 0: f2 = 0, f0 free       -> [0,0,0], [1,0,0]
    // f1 = 1: f0 = 1, f2 = 0        -> [1,1,0]
    // f1 = 2: f0 = 1, f2 free       -> [1,2,0], [1,2,1]
    expect(consistentCuts(chain)).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
      [1, 2, 0],
      [1, 2, 1],
    ]);
    // Includes P2's receive of b but not its send (P1's second event).
    expect(deliveredWereSent(chain, [0, 0, 1])).toBe(false);
    expect(isClosedUnderHappensBefore(chain, [0, 0, 1])).toBe(false);
    // Includes b's send and receive but not a's send: violation is a's receive.
    expect(deliveredWereSent(chain, [0, 2, 1])).toBe(false);
    expect(isClosedUnderHappensBefore(chain, [0, 2, 1])).toBe(false);
  });

  it('a message in flight does not make a cut inconsistent', () => {
    const run: Run = { n: 2, events: [[{ kind: 'send', msg: 'm' }], [{ kind: 'receive', msg: 'm' }]] };
    expect(isConsistentCut(run, [1, 0])).toBe(true); // sent, not yet delivered
    expect(deliveredWereSent(run, [1, 0])).toBe(true);
    expect(consistentCuts(run)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
  });

  it('a run with no events has exactly the empty cut', () => {
    expect(consistentCuts({ n: 3, events: [[], [], []] })).toEqual([[0, 0, 0]]);
  });
});

describe('cut validation', () => {
  const fns: ((run: Run, cut: Cut) => unknown)[] = [
    validateCut,
    isClosedUnderHappensBefore,
    deliveredWereSent,
    isConsistentCut,
  ];

  it('rejects a cut of the wrong length, naming both lengths', () => {
    for (const f of fns) {
      expect(() => f(small, [0, 0, 0])).toThrow(RangeError);
      expect(() => f(small, [0, 0, 0])).toThrow(/length 3 but the run has 2 processes/);
    }
  });

  it('rejects out-of-range and non-integer entries, naming the value and the bound', () => {
    for (const f of fns) {
      expect(() => f(small, [3, 0])).toThrow(RangeError);
      expect(() => f(small, [3, 0])).toThrow(/cut\[0\] = 3 is out of range 0\.\.2/);
      expect(() => f(small, [0, -1])).toThrow(/cut\[1\] = -1/);
      expect(() => f(small, [0.5, 0])).toThrow(/cut\[0\] = 0\.5/);
    }
  });

  it('accepts the full and empty cuts', () => {
    expect(() => validateCut(small, [2, 2])).not.toThrow();
    expect(() => validateCut(small, [0, 0])).not.toThrow();
  });

  it('rejects invalid runs before looking at the cut', () => {
    const bad: Run = { n: 2, events: [[], [{ kind: 'receive', msg: 'nope' }]] };
    expect(() => deliveredWereSent(bad, [0, 1])).toThrow(/"nope".*no event sends/);
    expect(() => isClosedUnderHappensBefore(bad, [0, 1])).toThrow(/"nope".*no event sends/);
    expect(() => consistentCuts(bad)).toThrow(/"nope"/);
  });
});

describe('consistent cuts of random runs (properties)', () => {
  it('the two definitions agree on every frontier', () => {
    let consistent = 0;
    let inconsistent = 0;
    fc.assert(
      fc.property(arbRun, (run) => {
        for (const cut of allFrontiers(run)) {
          const closed = isClosedUnderHappensBefore(run, cut);
          expect(deliveredWereSent(run, cut)).toBe(closed);
          expect(isConsistentCut(run, cut)).toBe(closed);
          if (closed) consistent++;
          else inconsistent++;
        }
      }),
      { numRuns: 150 },
    );
    // Both outcomes must have been exercised for the agreement to mean anything.
    expect(consistent).toBeGreaterThan(0);
    expect(inconsistent).toBeGreaterThan(0);
  });

  it('consistentCuts lists exactly the frontiers where delivered messages were sent, in lexicographic order', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        // allFrontiers is already lexicographic, so filtering preserves the order.
        expect(consistentCuts(run)).toEqual(allFrontiers(run).filter((c) => deliveredWereSent(run, c)));
      }),
    );
  });

  it('consistent cuts form a lattice: pointwise max and min of two are consistent', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const cuts = consistentCuts(run);
        for (const a of cuts) {
          for (const b of cuts) {
            expect(deliveredWereSent(run, a.map((x, p) => Math.max(x, b[p])))).toBe(true);
            expect(deliveredWereSent(run, a.map((x, p) => Math.min(x, b[p])))).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('every prefix of a linearization is a consistent cut (the notes’ "Vertical cuts are always consistent")', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const cut = new Array<number>(run.n).fill(0);
        expect(isConsistentCut(run, cut)).toBe(true);
        for (const { p } of linearize(run)) {
          cut[p] += 1;
          expect(isConsistentCut(run, cut)).toBe(true);
          expect(deliveredWereSent(run, cut)).toBe(true);
        }
        expect(cut).toEqual(run.events.map((evs) => evs.length));
      }),
    );
  });
});
