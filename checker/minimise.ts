/**
 * Minimisation of a counterexample that breadth-first search did not find (depth-first search
 * now; random simulation later), in two passes:
 *
 * 1. Remove steps while the violation persists: chunks of steps first, halving the chunk size down
 *    to single steps (delta debugging). A candidate is replayed leniently: a step that is no longer
 *    enabled is skipped (removing a send also drops its delivery), and the run stops at the first
 *    state that shows the violation. A candidate is kept when it shows the violation in fewer steps.
 * 2. Prefer fewer switches between processes: move a step back to just after the previous step of
 *    the same process, when every step still replays, the violation still shows at the end and the
 *    number of switches drops.
 *
 * Steps are identified by their structured label (see `signature` in ./replay.ts), so a step
 * means the same thing in every candidate. The result is rebuilt from the model, so it is a real
 * run. Works for violations, deadlocks and witnesses alike.
 */
import { ModelError } from './errors.ts';
import type { Checkable, Compiled } from './model.ts';
import { Stepper, showsOutcome, type Successor } from './replay.ts';
import { rebuildTrace, type Trace } from './trace.ts';

export interface MinimiseResult {
  readonly trace: Trace;
  readonly stepsBefore: number;
  readonly stepsAfter: number;
  readonly switchesBefore: number;
  readonly switchesAfter: number;
  /** Candidate runs tried. */
  readonly runs: number;
}

export interface MinimiseOptions {
  /** Give up improving after this many candidate runs (default 20,000). */
  readonly maxRuns?: number;
}

/** Who takes a step, for counting switches: the process of a structured step, else the actor. */
function whoOf(s: { readonly process?: number; readonly actor: string; readonly kind?: string }): string {
  return s.kind !== undefined && s.kind !== 'lose' && s.kind !== 'crash' && s.process !== undefined ? `P${s.process}` : s.actor;
}

/** Number of adjacent steps taken by different processes (or actors). */
export function switches(steps: readonly { readonly process?: number; readonly actor: string; readonly kind?: string }[]): number {
  let k = 0;
  for (let i = 1; i < steps.length; i++) if (whoOf(steps[i]) !== whoOf(steps[i - 1])) k++;
  return k;
}

interface Run {
  /** The steps taken (successors), up to and including the first state that shows the outcome. */
  readonly taken: readonly Successor[];
  readonly shows: boolean;
}

/** Minimises a counterexample (or witness) of `model`. */
export function minimise(model: Checkable | Compiled, trace: Trace, options: MinimiseOptions = {}): MinimiseResult {
  const stepper = new Stepper(model);
  const c = stepper.c;
  const maxRuns = options.maxRuns ?? 20_000;
  const initKey = stepper.key(trace.initial);
  const init = stepper.initials().find((i) => stepper.keyOfVector(i.v) === initKey);
  if (!init) throw new ModelError(`cannot minimise: the trace's initial state is not an initial state of ${c.name}`);
  let runs = 0;

  const shows = (v: Int32Array): boolean => showsOutcome(c, trace, v, () => stepper.successors(v).length);

  /**
   * Runs these steps: each is matched by its exact label, else by its loose label (a delivery of a
   * message of the same type, from the same sender: removing a step changes the timestamps later
   * messages carry). Lenient: a step with no match is skipped; strict: the run fails.
   */
  const run = (steps: readonly Successor[], lenient: boolean): Run => {
    runs++;
    let v = init.v;
    const taken: Successor[] = [];
    if (shows(v)) return { taken, shows: true };
    for (const step of steps) {
      const succ = stepper.successors(v);
      const s = succ.find((x) => x.signature === step.signature) ?? succ.find((x) => x.loose === step.loose);
      if (!s) {
        if (lenient) continue;
        return { taken, shows: false };
      }
      taken.push(s);
      v = s.next;
      if (shows(v)) return { taken, shows: true };
    }
    return { taken, shows: false };
  };

  // The trace's own steps, as signatures, replayed strictly (it must show the outcome).
  const start = replayOwn(stepper, init.v, trace);
  const first = run(start, false);
  if (!first.shows) throw new ModelError(`cannot minimise: the trace does not show its ${trace.kind} when replayed against ${c.name}`);
  let cur: Successor[] = first.taken.slice();

  // Pass 1: remove steps (chunks, then single steps) while the outcome persists.
  let chunk = Math.max(1, Math.floor(cur.length / 2));
  for (;;) {
    let improved = false;
    for (let i = 0; i < cur.length && runs < maxRuns; ) {
      const cand = [...cur.slice(0, i), ...cur.slice(i + chunk)];
      const r = run(cand, true);
      if (r.shows && r.taken.length < cur.length) {
        cur = r.taken.slice();
        improved = true;
      } else i += chunk;
    }
    if (runs >= maxRuns) break;
    if (!improved) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }

  // Pass 2: fewer switches between processes, same length.
  const who = (s: Successor) => whoOf(s.description);
  let best = switches(cur.map((s) => s.description));
  for (let improved = true; improved && runs < maxRuns; ) {
    improved = false;
    for (let i = 1; i < cur.length && runs < maxRuns; i++) {
      if (who(cur[i]) === who(cur[i - 1])) continue;
      let j = i - 1;
      while (j >= 0 && who(cur[j]) !== who(cur[i])) j--;
      // Move step i to just after step j (or to the front when the process has no earlier step).
      const moved = [...cur.slice(0, j + 1), cur[i], ...cur.slice(j + 1, i), ...cur.slice(i + 1)];
      const r = run(moved, false);
      if (!r.shows || r.taken.length > cur.length) continue;
      const k = switches(r.taken.map((s) => s.description));
      if (r.taken.length < cur.length || k < best) {
        cur = r.taken.slice();
        best = k;
        improved = true;
      }
    }
  }

  const path = [init.label, ...cur.map((s) => s.label)];
  const result = rebuildTrace(c, path, trace.kind, trace.property ? { name: trace.property.name, kind: trace.property.kind } : undefined);
  return {
    trace: result,
    stepsBefore: trace.steps.length,
    stepsAfter: result.steps.length,
    switchesBefore: switches(trace.steps),
    switchesAfter: switches(result.steps),
    runs,
  };
}

/** The trace's steps as successors of the model, each matched by its recorded state. */
function replayOwn(stepper: Stepper, v0: Int32Array, trace: Trace): Successor[] {
  let v = v0;
  const out: Successor[] = [];
  for (const step of trace.steps) {
    const want = stepper.key(step.state);
    const s = stepper.successors(v).find((x) => stepper.keyOfVector(x.next) === want);
    if (!s) throw new ModelError(`cannot minimise: step ${step.index} of the trace (${step.actor} ${step.action}) does not replay against ${stepper.c.name}`);
    out.push(s);
    v = s.next;
  }
  return out;
}
