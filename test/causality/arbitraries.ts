/**
 * Random valid runs for property tests, shared by run.test.ts and cuts.test.ts: built by
 * simulating a system step by step, so every run is valid by construction (each receive takes a
 * message already sent to that process and not yet received; some messages stay in flight).
 */
import fc from 'fast-check';
import type { Run, RunEvent } from '../../src/causality/run.ts';

/** One simulated step: what process `p` (mod n) does. */
export interface SimStep {
  readonly p: number;
  /** 0: local; 1-2: send; 3-4: receive a pending message (a local event if none is pending). */
  readonly action: number;
  /** For a send: which other process, counted from p + 1 (mod n - 1). */
  readonly target: number;
  /** For a receive: which pending message (mod the number pending), so arrival order is arbitrary. */
  readonly pick: number;
}

/** The run produced by `steps` in a system of `n` processes; message ids are `m0`, `m1`, … in send order. */
export function simulate(n: number, steps: readonly SimStep[]): Run {
  const events: RunEvent[][] = Array.from({ length: n }, () => []);
  const pending: string[][] = Array.from({ length: n }, () => []);
  let fresh = 0;
  for (const s of steps) {
    const p = s.p % n;
    if (s.action === 1 || s.action === 2) {
      const to = (p + 1 + (s.target % (n - 1))) % n;
      const msg = `m${fresh++}`;
      events[p].push({ kind: 'send', msg });
      pending[to].push(msg);
    } else if ((s.action === 3 || s.action === 4) && pending[p].length > 0) {
      const [msg] = pending[p].splice(s.pick % pending[p].length, 1);
      events[p].push({ kind: 'receive', msg });
    } else {
      events[p].push({ kind: 'local' });
    }
  }
  return { n, events };
}

/** A simulated step. */
export const arbStep: fc.Arbitrary<SimStep> = fc.record({
  p: fc.nat({ max: 3 }),
  action: fc.nat({ max: 4 }),
  target: fc.nat({ max: 2 }),
  pick: fc.nat({ max: 3 }),
});

/** A valid run of 2 to 4 processes with at most 16 events in all. */
export const arbRun: fc.Arbitrary<Run> = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.array(arbStep, { maxLength: 16 }))
  .map(([n, steps]) => simulate(n, steps));
