/**
 * The outcome of a search that samples the state space instead of enumerating it (random
 * simulation, checker/simulate.ts; a swarm shard, checker/swarm/shard.ts): the traces of what it
 * found, rebuilt as runs of the model, its verdict and each property's status. Finding nothing
 * proves nothing: the verdict is then `incomplete` and unmet properties are `unknown`.
 */
import { InterleaveError, ModelError } from './errors.ts';
import type { PropertyReport, Verdict } from './explore.ts';
import type { Compiled, PropertyKind } from './model.ts';
import { rebuildTrace, type Trace } from './trace.ts';

export interface Sampled {
  /** The violated property and the labels of the run to it. */
  readonly violated?: { readonly name: string; readonly kind: PropertyKind; readonly path: readonly number[] };
  /** The labels of a run to a deadlock. */
  readonly deadlock?: readonly number[];
  /** Each witnessed `sometimes` property and the labels of the run to its witness. */
  readonly witnessed: ReadonlyMap<string, readonly number[]>;
  /** What the search's own loop failed with (the model's code), if anything. */
  readonly error?: unknown;
}

export interface SampledOutcome {
  readonly verdict: Verdict;
  readonly properties: PropertyReport[];
  readonly counterexample?: Trace;
  readonly witnesses: Record<string, Trace>;
  readonly error?: unknown;
}

export function sampledOutcome(c: Compiled, found: Sampled): SampledOutcome {
  let error = found.error;
  const { violated, deadlock, witnessed } = found;
  let counterexample: Trace | undefined;
  const witnesses: Record<string, Trace> = {};
  try {
    if (violated) counterexample = rebuildTrace(c, [...violated.path], 'violation', { name: violated.name, kind: violated.kind });
    else if (deadlock) counterexample = rebuildTrace(c, [...deadlock], 'deadlock');
    for (const [name, p] of witnessed) witnesses[name] = rebuildTrace(c, [...p], 'witness', { name, kind: 'sometimes' });
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error ??= e;
  }
  const verdict: Verdict = error !== undefined ? 'error' : violated ? 'violation' : deadlock ? 'deadlock' : 'incomplete';
  const properties: PropertyReport[] = c.properties.map((p) => ({
    name: p.name,
    kind: p.kind,
    status: violated?.name === p.name ? 'violated' : p.kind === 'sometimes' && witnessed.has(p.name) ? 'witnessed' : 'unknown',
    description: p.description,
  }));
  return { verdict, properties, counterexample, witnesses, ...(error !== undefined ? { error } : {}) };
}

/**
 * Checks each state a sampling search reaches (by the run `path`): gives the first invariant it
 * violates, with the run, or undefined; records in `witnessed` the first run to each `sometimes`
 * property met.
 */
export function stateChecker(c: Compiled, witnessed: Map<string, number[]>): (s: Int32Array, path: readonly number[], outside?: boolean) => { name: string; kind: PropertyKind; path: number[] } | undefined {
  const always = c.properties.filter((p) => p.kind === 'always');
  let pending = c.properties.filter((p) => p.kind === 'sometimes');
  // `outside`: a state outside the constraint, no state of the model: its invariants are checked,
  // but it witnesses nothing (as in the explorer).
  return (s, path, outside = false) => {
    for (const q of always) if (!q.holds(s)) return { name: q.name, kind: 'always', path: path.slice() };
    if (pending.length && !outside) {
      let found = false;
      for (const q of pending) {
        if (q.holds(s)) {
          witnessed.set(q.name, path.slice());
          found = true;
        }
      }
      if (found) pending = pending.filter((q) => !witnessed.has(q.name));
    }
    return undefined;
  };
}
