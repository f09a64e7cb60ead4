/**
 * Testing the properties declared stable (`stable(…)`, checker/model.ts) before a search under
 * `--por` relies on them (checker/reduce/por.ts does not keep their reads invisible).
 *
 * A declaration says that what the property shows cannot be undone by a later step: an `always`
 * once false stays false, a `sometimes` once true stays true, a liveness property's predicates once
 * true stay true. A wrong one matters only where the full graph has a state that shows it (a
 * violation, a witness, a predicate that holds): there the reduced search may reach only states
 * past it, where it no longer shows. So the test walks the full model at random, as the simulation
 * does (checker/simulate.ts), and follows each stable property along every walk: a value that shows
 * and then no longer does after one step refutes the declaration (a model error, exit 75, naming
 * the property and the step). It proves nothing, like the check of a declared symmetry on the first
 * states (checker/reduce/symmetry.ts); it finds the mistakes that random runs reach, with a fixed
 * seed, so the same model gives the same answer every time.
 */
import { ModelError } from '../errors.ts';
import { isLiveness, type Compiled, type CompiledProperty } from '../model.ts';
import { randomWalks, stepHash, type Walked } from './walks.ts';

/**
 * The walks (checker/reduce/walks.ts; tests may change them): how many, how deep at most, how many
 * steps in all, how many successors generated in all and at one state, and the seed. They stop
 * early once IDLE_WALKS walks in a row met no step not met before (the test looks at steps).
 */
export const STABLE_WALKS = { runs: 300, depth: 400, steps: 30_000, successors: 50_000, branching: 32, seed: 20261130 };

/** The walks stop once this many in a row met no step not met before (a small model is covered). */
export const IDLE_WALKS = 10;

/** Figures of one test (for the report's stats). */
export type StableCheck = Walked;

/**
 * Walks `c` at random and throws a ModelError if a property declared stable stops showing what it
 * showed one step before. Returns what it did; nothing is walked when no property is declared stable.
 */
export function refuteStable(c: Compiled, walks: typeof STABLE_WALKS = STABLE_WALKS): StableCheck {
  const props = c.properties.filter((p) => p.stable === true && p.kind !== 'quiescent');
  if (props.length === 0) return { runs: 0, steps: 0, successors: 0 };
  const met = new Set<number>();
  let counts: number[] = [];
  let shown: boolean[][] = [];
  return randomWalks(c, walks, IDLE_WALKS, (from, v, label, d) => {
    if (from === undefined) {
      counts = props.map((p) => (isLiveness(p.kind) ? (p.instances?.(v) ?? 1) : 1));
      shown = props.map((p, k) => showing(p, v, counts[k]));
      return false;
    }
    const now = props.map((p, j) => showing(p, v, counts[j]));
    for (let j = 0; j < props.length; j++) {
      const lost = shown[j].findIndex((x, i) => x && !now[j][i]);
      if (lost >= 0) {
        const step = c.describe(from, label);
        throw new ModelError(
          `--por: property '${props[j].name}' is declared stable but is not: ${what(props[j], lost, counts[j])} after step ${d - 1} of a random run, and no longer after step ${d} (${step.actor} ${step.action}); fix the declaration, or check without --por`,
          `stable ${props[j].name}`,
        );
      }
    }
    shown = now;
    const h = stepHash(from, v);
    if (met.has(h)) return false;
    met.add(h);
    return true;
  });
}

/** What p shows in v, one flag per thing a stable declaration keeps: the violation, the witness, or each instance's predicates. */
function showing(p: CompiledProperty, v: Int32Array, count: number): boolean[] {
  switch (p.kind) {
    case 'always':
      return [!p.holds(v)];
    case 'sometimes':
      return [p.holds(v)];
    default: {
      const out: boolean[] = [];
      for (let i = 0; i < count; i++) out.push(p.holds(v, i), p.kind === 'leadsTo' && p.leadsTo !== undefined ? p.leadsTo(v, i) : false);
      return out;
    }
  }
}

function what(p: CompiledProperty, flag: number, count: number): string {
  if (p.kind === 'always') return 'violated';
  if (p.kind === 'sometimes') return 'true';
  const instance = count > 1 ? ` (instance ${Math.floor(flag / 2)})` : '';
  return `its ${flag % 2 === 0 ? (p.kind === 'leadsTo' ? 'first predicate' : 'predicate') : 'second predicate'} true${instance}`;
}
