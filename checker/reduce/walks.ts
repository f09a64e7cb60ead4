/**
 * Random walks of the full model, with a fixed seed, for the tests that partial-order reduction
 * runs on declarations before relying on them (checker/reduce/stable-check.ts for `stable(…)`,
 * checker/reduce/local-reads-check.ts for `readsLocal(…)`). They walk as the simulation does
 * (checker/simulate.ts): from a random initial state, a random successor at each step, within the
 * model's constraints, until no step is enabled or a budget is spent.
 *
 * Budgets: walks, depth, steps in all, successors generated in all and at one state. Every
 * successor is interned, and a model whose states keep growing (messages that beget more messages)
 * makes each step of a deep walk cost more than the last: the successor budgets keep a test's
 * memory bounded (seen: a random causal protocol exhausting 4 GB). A walk also stops at a state
 * with more successors than `branching`.
 *
 * The walks stop early once `idle` walks in a row met nothing new (the caller's visit says what is
 * new to it: a state, a step): a small model is then covered, and more walks would test again what
 * was tested. Stopping changes no answer a test gives on what was walked.
 */
import type { Compiled } from '../model.ts';
import { Random } from '../random.ts';

export interface WalkBudget {
  readonly runs: number;
  readonly depth: number;
  readonly steps: number;
  readonly successors: number;
  readonly branching: number;
  readonly seed: number;
}

/** What the walks did (for the report's stats). */
export interface Walked {
  readonly runs: number;
  readonly steps: number;
  /** Successors generated (each interned). */
  readonly successors: number;
}

/**
 * Called at the start of a walk (from undefined, label -1, depth 0) and after each step (from the
 * state before, to the state after, the step's label, the depth reached); returns true when it met
 * something not tested before. `to` and `from` are reused by the walker after the call returns:
 * copy what must be kept. It may throw to stop the walks (a refuted declaration).
 */
export type Visit = (from: Int32Array | undefined, to: Int32Array, label: number, depth: number) => boolean;

/** Walks `c` at random within `budget`, calling `visit` at every state; stops after `idle` walks in a row met nothing new. */
export function randomWalks(c: Compiled, budget: WalkBudget, idle: number, visit: Visit): Walked {
  const rng = new Random(budget.seed);
  const initials: Int32Array[] = [];
  c.initial((v) => void initials.push(v.slice()));
  const inModel = (from: Int32Array, s: Int32Array): boolean => (c.constraint === undefined || c.constraint(s)) && (c.actionConstraint === undefined || c.actionConstraint(from, s));
  const W = c.width;
  const pool: Int32Array[] = [];
  const labels: number[] = [];
  let steps = 0;
  let runs = 0;
  let generated = 0;
  for (let quiet = 0; runs < budget.runs && steps < budget.steps && generated < budget.successors && quiet < idle && initials.length > 0; runs++) {
    let v: Int32Array = initials[rng.below(initials.length)].slice();
    let fresh = visit(undefined, v, -1, 0);
    for (let d = 0; d < budget.depth && steps < budget.steps && generated < budget.successors; d++) {
      if (c.within && !c.within(v)) break;
      let k = 0;
      const from = v;
      c.expand(v, (s, label) => {
        if (!inModel(from, s)) return;
        if (k === pool.length) pool.push(new Int32Array(W));
        pool[k].set(s);
        labels[k++] = label;
      });
      generated += k;
      if (k === 0 || k > budget.branching) break;
      const pick = rng.below(k);
      const next = pool[pick];
      pool[pick] = v;
      steps++;
      if (visit(v, next, labels[pick], d + 1)) fresh = true;
      v = next;
    }
    quiet = fresh ? 0 : quiet + 1;
  }
  return { runs, steps, successors: generated };
}

/**
 * A number for a pair of states (53 bits of two FNV-style hashes), for remembering which steps a
 * walk has met. A collision only makes a new step look old, which can only stop the walks sooner.
 */
export function stepHash(from: Int32Array, to: Int32Array): number {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < from.length; i++) {
    a = Math.imul(a ^ from[i], 0x01000193);
    b = Math.imul(b ^ to[i], 0x85ebca6b) ^ a;
  }
  for (let i = 0; i < to.length; i++) a = Math.imul(a ^ to[i], 0x01000193);
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
