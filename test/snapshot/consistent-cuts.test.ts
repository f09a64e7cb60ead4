/** The consistent-cuts model: the notes' two definitions agree on every cut of every run; a wrong one is caught with the cut that shows it. */
import { describe, expect, it } from 'vitest';
import { explore } from 'interleave';
import { cutsModel, showRun } from '../../models/snapshot/consistent-cuts.ts';
import { closedUnderHappensBeforeIn, consistentCuts, isClosedUnderHappensBefore } from '../../src/causality/cuts.ts';
import type { Run } from '../../src/causality/run.ts';

describe('consistent-cuts', () => {
  it('n=2, 2 events each: the definitions agree; every figure of the summary is counted', () => {
    const r = explore(cutsModel(2, 2));
    expect(r.verdict).toBe('pass');
    // Runs are the states; each has (|P0 events|+1)(|P1 events|+1) cuts.
    expect(r.summary?.runsJudged).toBe(r.distinctStates);
    expect(r.summary?.largestLattice).toBe(9);
    expect(r.summary?.cutsJudged).toBeGreaterThan(r.distinctStates);
    expect(r.summary?.consistentCuts).toBeLessThan(r.summary?.cutsJudged as number);
    // Two events each, both messages received: P0 sends, P1 receives then sends back, P0 receives.
    expect(r.summary?.smallestLatticeOfAFullRun).toBe(consistentCuts({ n: 2, events: [[{ kind: 'send', msg: 'a' }, { kind: 'receive', msg: 'b' }], [{ kind: 'receive', msg: 'a' }, { kind: 'send', msg: 'b' }]] }).length);
  });

  it('a definition that ignores messages (every frontier is consistent) fails with a cut that contains a receive but not its send', () => {
    const r = explore(cutsModel(2, 2, () => true));
    expect(r.verdict).toBe('violation');
    expect(r.counterexample?.steps.map((s) => `${s.actor} ${s.action}`)).toEqual(['P0 send to P1', 'P1 receive P0→P1#1']);
    expect(r.reason).toBe('cut [0, 1] of the run P0: send P0→P1#1 | P1: receive P0→P1#1 is not closed under →, yet the second definition says consistent');
  });

  it('closedUnderHappensBeforeIn decides every cut as isClosedUnderHappensBefore does', () => {
    const run: Run = { n: 3, events: [[{ kind: 'send', msg: 'm' }, { kind: 'local' }], [{ kind: 'receive', msg: 'm' }, { kind: 'send', msg: 'k' }], [{ kind: 'receive', msg: 'k' }]] };
    const judge = closedUnderHappensBeforeIn(run);
    for (let a = 0; a <= 2; a++) for (let b = 0; b <= 2; b++) for (let c = 0; c <= 1; c++) expect(judge([a, b, c])).toBe(isClosedUnderHappensBefore(run, [a, b, c]));
    expect(() => judge([3, 0, 0])).toThrow(RangeError);
    expect(showRun(run)).toBe('P0: send m, local | P1: receive m, send k | P2: receive k');
  });
});
