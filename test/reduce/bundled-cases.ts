/**
 * Every bundled model small enough for the test tiers, checked with each reduction that applies
 * to it: the same verdict and the same failing property as the full search (the manifest's), and
 * a counterexample that is a run of the unreduced model (it replays without the reduction).
 * test/reduce/bundled.test.ts runs the quick cases, test/heavy/reduce.heavy.test.ts the slow ones.
 */
import { describe, expect, it } from 'vitest';
import { explore, replay, UsageError, type ExploreOptions } from 'interleave';
import { models } from '../../models/index.ts';

/** Models whose full search ends within this many states (or a violation found early) run. */
const SMALL = { por: 40_000, symmetry: 10_000 };
const small = (limit: number) => models.filter((m) => m.expect.tier === undefined && (m.expect.distinctStates ?? 0) <= limit);

/** Models that take more than ~1.5 s under --por (measured idle): they run in the heavy tier. */
export const SLOW_UNDER_POR = new Set([
  'total-order-lamport-no-tiebreak',
  'lamport-mutex-fifo',
  'ricart-agrawala-fifo',
  'ricart-agrawala-ok-while-held',
  'lamport-mutex',
  'lamport-mutex-unordered',
  'total-order-sequencer',
  'total-order-sequencer-no-gap-holdback',
  'total-order-token',
  // Its local states are large records: por's who-may-send abstraction (checker/reduce/por-sends.ts)
  // spends its whole budget on local states no run reaches, then gives up (about a minute).
  'token-ring-repair',
]);

export function bundledUnderReductions(which: 'quick' | 'slow'): void {
  const keep = (name: string, por: boolean): boolean => (which === 'slow') === (por && SLOW_UNDER_POR.has(name));
  const cases = [
    ['por', { por: true }, small(SMALL.por)],
    ['symmetry', { symmetry: true }, small(SMALL.symmetry)],
    ['symmetry sort', { symmetry: 'sort' }, small(SMALL.symmetry)],
    ['por --symmetry', { por: true, symmetry: true }, small(SMALL.symmetry)],
    ['por --symmetry sort', { por: true, symmetry: 'sort' }, small(SMALL.symmetry)],
  ] as [string, ExploreOptions, typeof models][];
  describe.each(cases.map(([name, options, defs]) => [name, options, defs.filter((d) => keep(d.name, options.por === true))] as const).filter(([, , defs]) => defs.length > 0))(
    'bundled models under --%s',
    (_name, options, defs) => {
      it.each(defs.map((m) => [m.name, m] as const))('%s', (_, def) => {
        let r;
        try {
          r = explore(def.build(Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, p.default]))), options);
        } catch (e) {
          // Refused where it does not apply: a generic model under por, a model with no declared
          // symmetry, liveness properties under symmetry (which it does not preserve).
          expect(e).toBeInstanceOf(UsageError);
          expect((e as Error).message).toMatch(/applies to protocol systems|declares no symmetry|does not preserve liveness|no symmetry|declares no key/);
          return;
        }
        if (r.verdict === 'error' && /is not one|not symmetric/.test(r.error ?? '')) return; // a declared symmetry refuted (exit 75)
        expect(r.verdict).toBe(def.expect.verdict);
        if (r.reductions.length > 0 && def.expect.distinctStates !== undefined && def.expect.verdict === 'pass') expect(r.distinctStates).toBeLessThanOrEqual(def.expect.distinctStates);
        if (def.expect.property !== undefined) {
          const failed = r.counterexample?.property?.name ?? r.properties.find((p) => p.status === 'unwitnessed')?.name;
          expect(failed).toBe(def.expect.property);
        }
        if (r.counterexample) {
          const again = replay(def.build(Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, p.default]))), r.counterexample);
          expect(again.exitCode).toBe(r.exitCode);
        }
      });
    },
  );
}
