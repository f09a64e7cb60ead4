/**
 * Random simulation (`check --strategy random`), as TLC's `-simulate` and Quint's `run`: runs of at
 * most `depth` steps, each from an initial state picked at random, taking a successor picked
 * uniformly at random at every step, checking every `always` property in every state reached (and
 * `quiescent` properties and deadlocks in states with no successor) on the way. For instances too
 * large to enumerate. It finds bugs, it proves nothing: a simulation that finds no violation ends
 * `incomplete` with exit code 0 (TLC's `-simulate` also exits 0 then), its invariants `unknown`.
 * Liveness properties are not checked (`unknown`). Everything is reproducible from the seed.
 */
import { compile } from './compile.ts';
import { ExitCode, InterleaveError, ModelError, describeError } from './errors.ts';
import { errorReport, exitCodeOf, type Progress, type Report } from './explore.ts';
import { FingerprintTable, lanesOf } from './fingerprint.ts';
import { defaultReason, type Checkable, type Compiled, type PropertyKind } from './model.ts';
import { Random, freshSeed } from './random.ts';
import { beat } from './running.ts';
import { sampledOutcome, stateChecker } from './sampled.ts';

export const SIMULATION_DEFAULTS = { depth: 100, runs: 1000 } as const;

/** Distinct states are counted (for the report) up to this many; beyond it the count is a lower bound. */
const DISTINCT_CAP = 1 << 22;

export interface SimulateOptions {
  /** Steps per run at most (default 100). */
  readonly depth?: number;
  /** Runs (default 1000). */
  readonly runs?: number;
  /** The seed (default: a fresh one, reported). */
  readonly seed?: number;
  /** Stop after this many seconds (the runs so far are reported; no violation found is still exit 0). */
  readonly timeLimit?: number;
  /** Overrides the model's own choice of deadlock detection. */
  readonly checkDeadlock?: boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly observe?: (progress: () => Progress) => void;
  /** Given the simulation's figures as they stand, for a run stopped from outside (the CLI's guard) to report them. */
  readonly observeFigures?: (figures: () => SimulationFigures) => void;
}

/** What a simulation did, beside the usual report. */
export interface SimulationFigures {
  readonly seed: number;
  readonly depth: number;
  /** Runs asked for. */
  readonly runs: number;
  /** Runs done (the last one cut short by a violation, or by the time limit). */
  readonly runsDone: number;
  /** Steps taken in all runs. */
  readonly steps: number;
  /** Runs that ended before `depth` steps in a state with no successor (a proper end, or the deadlock reported). */
  readonly endedEarly: number;
  /** Distinct states seen; `distinctCapped` when counting stopped at 4,194,304. */
  readonly distinctCapped: boolean;
}

export type SimulationReport = Report & { readonly simulation: SimulationFigures };

/** Runs a random simulation of `model`. */
export function simulate(model: Checkable | Compiled, options: SimulateOptions = {}): SimulationReport {
  const started = performance.now();
  const depth = options.depth ?? SIMULATION_DEFAULTS.depth;
  const runs = options.runs ?? SIMULATION_DEFAULTS.runs;
  const seed = options.seed ?? freshSeed();
  const rng = new Random(seed);
  const deadline = options.timeLimit !== undefined ? started + options.timeLimit * 1000 : Infinity;

  let c: Compiled;
  try {
    c = compile(model);
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    return { ...errorReport(model.name ?? 'model', 'random', e, started), simulation: { seed, depth, runs, runsDone: 0, steps: 0, endedEarly: 0, distinctCapped: false } };
  }
  const W = c.width;
  const checkDeadlock = options.checkDeadlock ?? c.checkDeadlock;
  const quiescent = c.properties.filter((p) => p.kind === 'quiescent');
  const { constraint, actionConstraint } = c;
  const inModel = (from: Int32Array | undefined, s: Int32Array): boolean =>
    (constraint === undefined || constraint(s)) && (from === undefined || actionConstraint === undefined || actionConstraint(from, s));

  const table = new FingerprintTable(1 << 12);
  const lanes = new Int32Array(2);
  let distinctCapped = false;
  const see = (v: Int32Array): void => {
    if (table.size >= DISTINCT_CAP) {
      distinctCapped = true;
      return;
    }
    lanesOf(v, W, lanes);
    table.addLanes(lanes);
  };

  // Successors of the current state, copied (expand reuses its buffer): a pool that grows to the widest branching seen.
  const pool: Int32Array[] = [];
  const poolLabels: number[] = [];
  let k = 0;
  let v: Int32Array = new Int32Array(W);
  /** The labels walked in this run: the initial state's index, then each step's label. */
  const path: number[] = [];

  let violated: { name: string; kind: PropertyKind; path: number[] } | undefined;
  let deadlock: number[] | undefined;
  const witnessed = new Map<string, number[]>();
  let runsDone = 0;
  let steps = 0;
  let maxDepth = 0;
  let endedEarly = 0;
  let timeUp = false;
  let error: unknown;

  const check = stateChecker(c, witnessed);
  const checkState = (s: Int32Array, p: number[], outside = false): boolean => {
    const found = check(s, p, outside);
    if (found !== undefined) violated = found; // a violation found before is never cleared
    return found === undefined;
  };

  const progress = (): Progress => ({ distinctStates: table.size, transitions: steps, queued: 0, maxDepth, seconds: (performance.now() - started) / 1000 });
  options.observe?.(progress);
  options.observeFigures?.(() => ({ seed, depth, runs, runsDone, steps, endedEarly, distinctCapped }));
  let lastProgress = started;

  try {
    const initials: { v: Int32Array; label: number }[] = [];
    c.initial((s, label) => {
      if (violated) return;
      // An initial state outside the constraint is no state of the model, but its invariants are checked (as explore does).
      const inside = constraint === undefined || constraint(s);
      if (!checkState(s, [label], !inside)) return;
      if (inside) initials.push({ v: s.slice(), label });
    });
    for (let run = 0; run < runs && !violated && deadlock === undefined && initials.length > 0; run++) {
      const start = initials[rng.below(initials.length)];
      v.set(start.v);
      path.length = 0;
      path.push(start.label);
      see(v);
      runsDone++;
      for (let d = 0; d < depth; d++) {
        if (c.within && !c.within(v)) break; // a boundary state: not expanded, as in the explorer
        k = 0;
        let any = 0; // successors, those outside the constraint included
        const from = v;
        c.expand(v, (s, label) => {
          any++;
          if (violated) return;
          if ((constraint !== undefined || actionConstraint !== undefined) && !inModel(from, s)) {
            // Outside the constraint: not a state to walk to, but its invariants are checked.
            path.push(label);
            checkState(s, path, true);
            path.pop();
            return;
          }
          if (k === pool.length) pool.push(new Int32Array(W));
          pool[k].set(s);
          poolLabels[k++] = label;
        });
        if (violated) break;
        if (k === 0) {
          endedEarly++;
          // A state whose only successors are outside the constraint is not quiescent, nor a
          // deadlock (as the explorer has it): the walk just cannot go on.
          if (any > 0) break;
          for (const q of quiescent) {
            if (!q.holds(v)) {
              violated = { name: q.name, kind: 'quiescent', path: path.slice() };
              break;
            }
          }
          if (!violated && checkDeadlock && !c.isEnd(v)) deadlock = path.slice();
          break;
        }
        const pick = rng.below(k);
        // Swap the chosen successor into v (the pool keeps the old buffer for reuse).
        const chosen = pool[pick];
        pool[pick] = v;
        v = chosen;
        path.push(poolLabels[pick]);
        steps++;
        if (path.length - 1 > maxDepth) maxDepth = path.length - 1;
        see(v);
        if (!checkState(v, path)) break;
        if ((steps & 63) === 0) beat();
        if ((steps & 1023) === 0) {
          const now = performance.now();
          if (now > deadline) {
            timeUp = true;
            break;
          }
          if (options.onProgress && now - lastProgress >= 1000) {
            lastProgress = now;
            options.onProgress(progress());
          }
        }
      }
      if (timeUp) break;
    }
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error = e;
  }

  const outcome = sampledOutcome(c, { violated, deadlock, witnessed, error });
  const { verdict, properties, counterexample, witnesses } = outcome;
  error = outcome.error;

  const seconds = (performance.now() - started) / 1000;
  const reason = counterexample?.reason ?? (violated ? defaultReason(c.properties.find((p) => p.name === violated?.name) ?? { name: violated.name, kind: violated.kind }) : undefined);
  return {
    model: c.name,
    verdict,
    // No violation found in a simulation is exit 0, as TLC's -simulate (the verdict still says it proves nothing).
    exitCode: verdict === 'incomplete' ? ExitCode.pass : exitCodeOf(verdict),
    strategy: 'random',
    distinctStates: table.size,
    transitions: steps,
    maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(table.size / seconds) : 0,
    properties,
    counterexample,
    ...(reason !== undefined ? { reason } : {}),
    witnesses,
    limit: verdict === 'incomplete' ? (timeUp ? 'time' : 'runs') : undefined,
    error: error !== undefined ? describeError(error) : undefined,
    engineBytes: table.bytes,
    stats: c.stats?.() ?? {},
    reductions: [],
    simulation: { seed, depth, runs, runsDone, steps, endedEarly, distinctCapped },
  };
}

/** The report's line about the simulation: `1,000 runs of at most 100 steps (seed 1): 61,234 steps, 12,345 distinct states`. */
export function simulationLine(r: SimulationReport): string {
  const s = r.simulation;
  const n = (x: number): string => x.toLocaleString('en-US');
  const head = `random simulation, seed ${s.seed}: ${n(s.runsDone)} of ${n(s.runs)} runs of at most ${n(s.depth)} steps, ${n(s.steps)} steps, ${s.distinctCapped ? 'at least ' : ''}${n(r.distinctStates)} distinct states`;
  const tail =
    r.verdict === 'incomplete'
      ? `no violation found${r.limit === 'time' ? ' before the time limit' : ''} (a sample, not a proof: invariants unknown; liveness not checked in simulation); repeat with --seed ${s.seed}`
      : `repeat with --seed ${s.seed}`;
  return `${head}\n${tail}`;
}
