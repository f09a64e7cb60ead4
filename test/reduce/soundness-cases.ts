/**
 * The reductions' soundness harness as a test: `runs` random protocols drawn from `seed`, each
 * checked with and without every reduction (random-protocols.ts, disagreement). `npm test` draws
 * 2,000 (test/reduce/soundness.test.ts), the heavy tier 3,000 more from another seed
 * (test/heavy/soundness.heavy.test.ts), `npm run soundness` as many as asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FREEZE_NODES, tuning } from '../../checker/reduce/por-sends.ts';
import { compared, disagreement, randomProtocol, representationOf, type Representation } from './random-protocols.ts';

export function soundnessOnRandomProtocols(runs: number, seed: number): void {
  describe('reductions are sound on random protocols', () => {
    it(`por and symmetry find what the full search finds (${runs.toLocaleString('en-US')} random protocols from seed ${seed}; npm run soundness for the long run)`, () => {
      const before = compared.protocols;
      const reps = new Map<Representation, number>();
      fc.assert(fc.property(randomProtocol(true), (r) => {
        const d = disagreement(r);
        expect(d).toBeUndefined();
        // It leaves the engine's setting as it found it (the files after this one share its process).
        expect(tuning.freezeNodes).toBe(FREEZE_NODES);
        const { rep } = representationOf(r);
        reps.set(rep, (reps.get(rep) ?? 0) + 1);
      }), { numRuns: runs, seed });
      // Most protocols end within the state limit: the comparison is not vacuous.
      expect(compared.protocols - before).toBeGreaterThan(0.8 * runs);
      // Half of them hold their local states in records, the others in each other representation
      // (a Set field, optional fields, an array of null and undefined, a Set): each read as the
      // reduction once did not see (random-protocols.ts, Representation).
      expect(reps.get('record')).toBeGreaterThan(0.45 * runs);
      for (const rep of ['set', 'presence', 'array', 'set-local'] as const) expect(reps.get(rep)).toBeGreaterThan(0.075 * runs);
    }, 1_200_000);
  });
}
