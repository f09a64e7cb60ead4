import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, ExitCode } from '../../index.ts';
import { build, randomProtocol } from './random-protocols.ts';
import { soundnessOnRandomProtocols } from './soundness-cases.ts';
import { twoPhaseCommit } from '../../models/commit/two-phase-commit.ts';
import earlyCommit from '../../models/commit/two-phase-commit-early-commit.ts';

// A fixed seed: the time these 2,000 protocols take depends on the draw (31 s and 61 s for two
// draws on the same loaded machine, one above the test timeout in a full run), and `npm test` must
// take the same time on every run. The heavy tier draws 3,000 more from another seed; the long run
// (`npm run soundness -- --runs N --seed S`) new ones (a seed is printed with any failure).
soundnessOnRandomProtocols(2_000, 20261130);

describe('symmetry', () => {
  it('2PC: the number of orbits (exact), and the violation of the early-commit variant', () => {
    const r = explore(twoPhaseCommit(3), { symmetry: true });
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBeLessThan(288);
    const bad = explore(earlyCommit.build({ rms: 3 }), { symmetry: true });
    expect(bad.verdict).toBe('violation');
    // The trace is a run of the unreduced model: its last state violates the property.
    const last = bad.counterexample!.steps.at(-1)!.state as { rmState: string[] };
    expect(last.rmState.includes('committed') && last.rmState.includes('aborted')).toBe(true);
  });
  it('a protocol that sends to fixed ids, declared symmetric, is refuted (exit 75)', () => {
    let found = false;
    fc.assert(fc.property(randomProtocol(), (r) => {
      if (r.symmetric) return;
      const red = explore(build({ ...r, symmetric: true, causal: false, props: 'plain' }), { symmetry: true, maxStates: 20_000 });
      if (red.verdict === 'error') {
        expect(red.exitCode).toBe(ExitCode.modelError);
        expect(red.error).toMatch(/declared symmetry of role random is not one/);
        found = true;
      }
    }), { numRuns: 80 });
    expect(found).toBe(true);
  });
});
