/**
 * Testing the properties declared to read local states only through some functions
 * (`readsLocal(…)`, checker/model.ts) before a search under `--por` relies on them
 * (checker/reduce/por.ts then counts a step visible to them only when it changes one of those
 * functions' values, not when it changes a field they read).
 *
 * A declaration says that two local components on which the functions agree give the property the
 * same value, whatever the rest of the state. So the test walks the full model at random, as the
 * test of stable declarations does (checker/reduce/stable-check.ts, the same seed, fewer steps), keeps
 * per process two of the components met for each value of the functions, and at every state the
 * walks meet (once each) puts in each process's place the other component met with the same
 * values: the property (each of its predicates, for liveness kinds) must give what it gives in the
 * state walked, or the declaration is refuted (a model error, exit 75, naming the property, the
 * process and the step). The walks stop early once 10 in a row met no state not tested before. It
 * proves nothing; it finds the mistakes that random runs reach, with a
 * fixed seed, so the same model gives the same answer every time.
 */
import { ModelError } from '../errors.ts';
import { isLiveness, type Compiled, type CompiledProperty } from '../model.ts';
import { randomWalks } from './walks.ts';
/**
 * The walks (tests may change them): those of the stable test (checker/reduce/stable-check.ts,
 * same seed), a third as many steps, since each state walked costs a swap per process and
 * property (Ricart–Agrawala n=3 with 2 entries: about 0.5 s of CPU with as many steps as there);
 * the same budgets of successors generated, in all and at one state (every successor is interned:
 * a model whose states keep growing would otherwise exhaust memory).
 */
export const LOCAL_READS_WALKS = { runs: 300, depth: 400, steps: 10_000, successors: 50_000, branching: 32, seed: 20261130 };

/** The walks stop once this many in a row met no state not tested before (a small model is covered). */
const IDLE_WALKS = 10;

/** Components kept per process and value of the functions (each is tried in the place of the others). */
const KEPT = 2;

/** Figures of one test (for the report's stats). */
export interface LocalReadsCheck {
  readonly runs: number;
  readonly steps: number;
  readonly swaps: number;
}

/**
 * Walks `c` at random and throws a ModelError if a property declared to read local states through
 * functions tells apart two components on which they agree. Nothing is walked when no property
 * declares it.
 */
export function refuteLocalReads(c: Compiled, walks: typeof LOCAL_READS_WALKS = LOCAL_READS_WALKS): LocalReadsCheck {
  const props = c.properties.filter((p) => p.readsLocal !== undefined);
  if (props.length === 0) return { runs: 0, steps: 0, swaps: 0 };
  const W = c.width;
  /** Per property, per `${process} ${key}`: components met. */
  const classes = props.map(() => new Map<string, number[]>());
  /** Per property, per component * n + process: its entry in classes. */
  const byComp = props.map(() => new Map<number, number[]>());
  const declared = props.map((p) => p.readsLocal as NonNullable<CompiledProperty['readsLocal']>);
  const liveness = props.map((p) => isLiveness(p.kind));
  /** The state tested, with one component put in another's place at a time (restored after each). */
  const swapped = new Int32Array(W);
  let swaps = 0;
  /** States tested already (walks from one initial state share their first steps). */
  const tested = new Set<string>();
  /** Tests v unless tested before; true when it was new. */
  const test = (v: Int32Array, d: number): boolean => {
    const name = v.join(',');
    if (tested.has(name)) return false;
    tested.add(name);
    swapped.set(v);
    for (let j = 0; j < props.length; j++) {
      const p = props[j];
      const { n, key } = declared[j];
      const live = liveness[j];
      const count = live ? (p.instances?.(v) ?? 1) : 1;
      // (A safety property's value is one flag, compared without an array.)
      const here = live ? values(p, v, count) : undefined;
      const holds = live ? false : p.holds(v);
      for (let q = 0; q < n; q++) {
        // (The class of a component, by process: the functions' values, looked up once.)
        const ck = v[q] * n + q;
        let met = byComp[j].get(ck);
        if (met === undefined) {
          const k = `${q} ${key(q, v[q])}`;
          met = classes[j].get(k);
          if (met === undefined) classes[j].set(k, (met = []));
          byComp[j].set(ck, met);
        }
        if (met.length < KEPT && !met.includes(v[q])) met.push(v[q]);
        for (let o = 0; o < met.length; o++) {
          const other = met[o];
          if (other === v[q]) continue;
          swapped[q] = other;
          swaps++;
          let i = -1;
          if (here === undefined) {
            if (p.holds(swapped) !== holds) i = 0;
          } else {
            const there = values(p, swapped, count);
            for (let k2 = 0; k2 < here.length; k2++) {
              if (here[k2] !== there[k2]) {
                i = k2;
                break;
              }
            }
          }
          swapped[q] = v[q];
          if (i >= 0) {
            throw new ModelError(
              `--por: property '${p.name}' is declared to read local states only through its functions (readsLocal) but does not: in the state after step ${d} of a random run, putting another local state of P${q} on which those functions agree in the place of P${q}'s changes ${live ? `its ${i % 2 === 0 ? 'first' : 'second'} predicate${count > 1 ? ` (instance ${Math.floor(i / 2)})` : ''}` : 'its value'}; fix the declaration, or check without --por`,
              `readsLocal ${p.name}`,
            );
          }
        }
      }
    }
    return true;
  };
  const walked = randomWalks(c, walks, IDLE_WALKS, (_from, v, _label, d) => test(v, d));
  return { runs: walked.runs, steps: walked.steps, swaps };
}

/** The property's value in v: one flag, or p and q of each instance for liveness kinds. */
function values(p: CompiledProperty, v: Int32Array, count: number): boolean[] {
  if (!isLiveness(p.kind)) return [p.holds(v)];
  const out: boolean[] = [];
  for (let i = 0; i < count; i++) out.push(p.holds(v, i), p.leadsTo !== undefined ? p.leadsTo(v, i) : false);
  return out;
}
