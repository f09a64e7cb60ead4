/**
 * The explorer: breadth-first (default; counterexamples are shortest) or depth-first search over
 * a compiled model, with 64-bit fingerprints, parent links, invariants, witnesses, deadlock
 * detection and limits that end the search with a partial report instead of a crash.
 */
import { ExitCode, InterleaveError, ModelError, describeError } from './errors.ts';
import { FingerprintTable, derived, lanesOf, withDelta } from './fingerprint.ts';
import { compile } from './compile.ts';
import type { Checkable, Compiled, PropertyKind } from './model.ts';
import { RecordQueue, U16Column, U32Column } from './store.ts';
import { symmetric } from './reduce/symmetry.ts';
import type { PorHooks } from './reduce/por.ts';
import { UsageError } from './errors.ts';
import { rebuildTrace, type Trace } from './trace.ts';

export type Strategy = 'bfs' | 'dfs';
export type Verdict = 'pass' | 'violation' | 'deadlock' | 'incomplete' | 'error';
export type PropertyStatus = 'holds' | 'violated' | 'witnessed' | 'unwitnessed' | 'unknown';

export interface ExploreOptions {
  readonly strategy?: Strategy;
  /** Stop (verdict `incomplete`) once this many distinct states are found. */
  readonly maxStates?: number;
  /** Do not expand states this many steps from an initial state (verdict `incomplete` if any is cut off). */
  readonly maxDepth?: number;
  /** Stop after this many seconds (verdict `incomplete`). */
  readonly timeLimit?: number;
  /** Overrides the model's own choice of deadlock detection. */
  readonly checkDeadlock?: boolean;
  /** Called about once a second while the search runs. */
  readonly onProgress?: (p: Progress) => void;
  /** Called with each distinct state, as plain data, when it is found (slow: for small models and tools). */
  readonly onState?: (state: unknown) => void;
  /** Initial slots of the fingerprint table (it grows by doubling). */
  readonly initialCapacity?: number;
  /** Store states by a canonical representative under the model's declared symmetry (checker/reduce/symmetry.ts). */
  readonly symmetry?: boolean;
  /** Partial-order reduction (protocol systems; checker/reduce/por.ts). */
  readonly por?: boolean;
  /**
   * Start from these state vectors instead of the model's initial states (the interactive
   * explorer's "find from here"; the model must then be given compiled, as the vectors were made).
   * Traces then begin at the given state.
   */
  readonly from?: readonly Int32Array[];
}

export interface Progress {
  readonly distinctStates: number;
  readonly transitions: number;
  readonly queued: number;
  readonly maxDepth: number;
  readonly seconds: number;
}

export interface PropertyReport {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly status: PropertyStatus;
  readonly description?: string;
}

export interface Report {
  readonly model: string;
  readonly verdict: Verdict;
  readonly exitCode: number;
  readonly strategy: Strategy;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly properties: readonly PropertyReport[];
  /** For `violation` and `deadlock` (absent for an unwitnessed `sometimes`, which has no trace). */
  readonly counterexample?: Trace;
  /** One shortest (under BFS) trace per witnessed `sometimes` property. */
  readonly witnesses: Readonly<Record<string, Trace>>;
  /** Why the search stopped early, for `incomplete`. */
  readonly limit?: 'states' | 'depth' | 'time';
  /** The one-line message, for `error`. */
  readonly error?: string;
  /** Bytes held by the engine's own tables at the end (fingerprints, parent links, queue). */
  readonly engineBytes: number;
  readonly stats: Readonly<Record<string, number>>;
  /** The reductions the search ran with (`symmetry`, `por`); empty for a full search. */
  readonly reductions: readonly string[];
}

const NO_PARENT = 0xffffffff;

/** The exit code of a verdict (TLC's numbers). */
export function exitCodeOf(verdict: Verdict): number {
  switch (verdict) {
    case 'pass':
      return ExitCode.pass;
    case 'violation':
      return ExitCode.violation;
    case 'deadlock':
      return ExitCode.deadlock;
    case 'incomplete':
      return ExitCode.incomplete;
    case 'error':
      return ExitCode.modelError;
  }
}

/** Explores every reachable state of `model` (up to the limits) and checks its properties. */
export function explore(model: Checkable | Compiled, options: ExploreOptions = {}): Report {
  const started = performance.now();
  let c: Compiled;
  let base: Compiled;
  let toConcrete = (path: number[]): number[] => path;
  const reductions: string[] = [];
  try {
    c = base = startingFrom(compile(model), options.from);
    if (options.symmetry) {
      const sym = symmetric(c);
      c = sym.compiled;
      toConcrete = (path) => sym.toConcrete(path);
      reductions.push('symmetry');
    }
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    return errorReport(model.name ?? 'model', options.strategy ?? 'bfs', e, started);
  }
  let por: PorHooks | undefined;
  if (options.por) {
    if (options.symmetry) throw new UsageError('--por and --symmetry together are not supported: use one');
    por = base.por as PorHooks | undefined;
    if (por === undefined) throw new UsageError(`--por applies to protocol systems; model ${base.name} is not one`);
    if (por.unsupported !== undefined) por = undefined; // a full search (the report says no por)
    else {
      por.start();
      reductions.push('por');
    }
  }
  // Under por, a search during which a property read a field it had not read before is run again.
  for (;;) {
    const version = por?.version ?? 0;
    const r = search(c, base, toConcrete, reductions, options, started, por);
    if (!por || por.version === version || r.counterexample || r.verdict === 'error' || r.verdict === 'incomplete') return r;
  }
}

function search(c: Compiled, base: Compiled, toConcrete: (path: number[]) => number[], reductions: readonly string[], options: ExploreOptions, started: number, por: PorHooks | undefined): Report {
  const strategy = options.strategy ?? 'bfs';
  const maxStates = options.maxStates ?? Infinity;
  const maxDepthLimit = options.maxDepth ?? Infinity;
  const deadline = options.timeLimit !== undefined ? started + options.timeLimit * 1000 : Infinity;
  const checkDeadlock = options.checkDeadlock ?? c.checkDeadlock;
  const W = c.width;

  const table = new FingerprintTable(options.initialCapacity ?? 1 << 20);
  const parents = new U32Column();
  const labels = new U16Column();
  const queue = new RecordQueue(W + 2);
  const cur = new Int32Array(W + 2);
  const v = cur.subarray(2); // the state being expanded (a view, made once)

  const always = c.properties.filter((p) => p.kind === 'always');
  const sometimes = c.properties.filter((p) => p.kind === 'sometimes');
  const quiescent = c.properties.filter((p) => p.kind === 'quiescent');
  const onState = options.onState;
  const witnessAt = new Map<string, number>();
  let pendingSometimes = sometimes.slice();

  let transitions = 0;
  let maxDepth = 0;
  let violated: { name: string; kind: PropertyKind; id: number } | undefined;
  let deadlockId = -1;
  let limit: Report['limit'];
  let depthCut = false;
  let error: unknown;

  let parentId = 0;
  let childDepth = 0;
  let successors = 0;

  const check = (v: Int32Array, id: number): void => {
    for (let i = 0; i < always.length; i++) {
      if (!always[i].holds(v)) {
        violated = { name: always[i].name, kind: 'always', id };
        return;
      }
    }
    if (pendingSometimes.length) {
      let found = false;
      for (const p of pendingSometimes) {
        if (p.holds(v)) {
          witnessAt.set(p.name, id);
          found = true;
        }
      }
      if (found) pendingSometimes = pendingSometimes.filter((p) => !witnessAt.has(p.name));
    }
  };

  const lanes = new Int32Array(2); // fingerprint lanes of the state being added
  let parentLane1 = 0; // and of the state being expanded
  let parentLane2 = 0;
  /** Records v, reached from `parent` by step `label`, unless seen; its lanes must be in `lanes`. */
  const add = (v: Int32Array, parent: number, label: number, depth: number): void => {
    if (!table.addLanes(lanes)) return;
    const id = parents.length;
    parents.push(parent);
    labels.push(label);
    queue.push(id, depth, v);
    if (depth > maxDepth) maxDepth = depth;
    if (onState) onState(c.decode(v));
    if (violated === undefined) check(v, id);
  };

  const onSuccessor = (s: Int32Array, label: number, delta?: Int32Array): void => {
    successors++;
    if (violated !== undefined) return;
    const changed = delta !== undefined ? withDelta(delta, v, parentLane1, parentLane2, lanes) : derived(s, v, W, parentLane1, parentLane2, lanes);
    // A step back to the state being expanded (a self-loop) needs no look-up: it has been seen.
    if (changed !== 0) add(s, parentId, label, childDepth);
  };

  /** Partial-order reduction: expands an ample set of v if there is one whose steps all lead to new states (the cycle proviso). */
  const ampleBuf: Int32Array[] = [];
  const ampleLabels: number[] = [];
  const expandAmple = (v: Int32Array): boolean => {
    const mask = (por as PorHooks).ample(v);
    if (mask === 0) return false;
    let k = 0;
    let seen = false;
    (por as PorHooks).expandSome(v, mask, (s, label) => {
      if (seen) return;
      if (table.hasVector(s, W)) seen = true;
      if (k === ampleBuf.length) ampleBuf.push(new Int32Array(W));
      ampleBuf[k].set(s);
      ampleLabels[k++] = label;
    });
    if (seen || k === 0) return false;
    for (let i = 0; i < k && violated === undefined; i++) {
      successors++;
      lanesOf(ampleBuf[i], W, lanes);
      add(ampleBuf[i], parentId, ampleLabels[i], childDepth);
    }
    return true;
  };

  let expansions = 0;
  let lastProgress = started;
  try {
    c.initial((v, label) => {
      if (violated !== undefined) return;
      lanesOf(v, W, lanes);
      add(v, NO_PARENT, label, 0);
    });
    while (queue.size > 0 && violated === undefined) {
      if (strategy === 'bfs') queue.shift(cur);
      else queue.pop(cur);
      const id = cur[0];
      const depth = cur[1];
      if (c.within && !c.within(v)) continue;
      if (depth >= maxDepthLimit) {
        // Not expanded; the search is cut off only if this state leads to a state not yet seen.
        if (!depthCut) {
          c.expand(v, (s) => {
            if (!table.hasVector(s, W)) depthCut = true;
          });
        }
        continue;
      }
      parentId = id;
      childDepth = depth + 1;
      lanesOf(v, W, lanes);
      parentLane1 = lanes[0];
      parentLane2 = lanes[1];
      successors = 0;
      if (por === undefined || !expandAmple(v)) c.expand(v, onSuccessor);
      transitions += successors;
      if (violated !== undefined) break;
      if (successors === 0) {
        for (const p of quiescent) {
          if (!p.holds(v)) {
            violated = { name: p.name, kind: 'quiescent', id };
            break;
          }
        }
        if (violated !== undefined) break;
        if (checkDeadlock && !c.isEnd(v)) {
          deadlockId = id;
          break;
        }
      }
      if (parents.length >= maxStates && queue.size > 0) {
        limit = 'states';
        break;
      }
      if ((++expansions & 1023) === 0) {
        const now = performance.now();
        if (now > deadline) {
          limit = 'time';
          break;
        }
        if (options.onProgress && now - lastProgress >= 1000) {
          lastProgress = now;
          options.onProgress({ distinctStates: parents.length, transitions, queued: queue.size, maxDepth, seconds: (now - started) / 1000 });
        }
      }
    }
    if (limit === undefined && depthCut && violated === undefined && deadlockId < 0) limit = 'depth';
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error = e;
  }

  const seconds = (performance.now() - started) / 1000;
  const pathTo = (id: number): number[] => {
    const path: number[] = [];
    for (let x = id; x !== NO_PARENT; x = parents.get(x)) path.push(labels.get(x));
    return path.reverse();
  };

  let verdict: Verdict;
  if (error !== undefined) verdict = 'error';
  else if (violated) verdict = 'violation';
  else if (deadlockId >= 0) verdict = 'deadlock';
  else if (limit !== undefined) verdict = 'incomplete';
  else if (pendingSometimes.length > 0) verdict = 'violation';
  else verdict = 'pass';

  const complete = verdict !== 'incomplete' && verdict !== 'error' && !violated && deadlockId < 0;
  const properties: PropertyReport[] = c.properties.map((p) => {
    let status: PropertyStatus;
    if (p.kind !== 'sometimes') status = violated?.name === p.name ? 'violated' : complete ? 'holds' : 'unknown';
    else status = witnessAt.has(p.name) ? 'witnessed' : complete ? 'unwitnessed' : 'unknown';
    return { name: p.name, kind: p.kind, status, description: p.description };
  });

  let counterexample: Trace | undefined;
  const witnesses: Record<string, Trace> = {};
  try {
    // Traces are runs of the unreduced model (mapped back from a symmetry-reduced run).
    if (violated) counterexample = rebuildTrace(base, toConcrete(pathTo(violated.id)), 'violation', { name: violated.name, kind: violated.kind });
    else if (deadlockId >= 0) counterexample = rebuildTrace(base, toConcrete(pathTo(deadlockId)), 'deadlock');
    for (const [name, id] of witnessAt) witnesses[name] = rebuildTrace(base, toConcrete(pathTo(id)), 'witness', { name, kind: 'sometimes' });
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error ??= e;
    verdict = 'error';
  }

  const distinctStates = parents.length;
  const porStats = por ? por.stats() : {};
  return {
    model: c.name,
    verdict,
    exitCode: exitCodeOf(verdict),
    strategy,
    distinctStates,
    transitions,
    maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(distinctStates / seconds) : 0,
    properties,
    counterexample,
    witnesses,
    limit: verdict === 'incomplete' ? limit : undefined,
    error: error !== undefined ? describeError(error) : undefined,
    engineBytes: table.bytes + parents.bytes + labels.bytes + queue.bytes,
    stats: { ...(c.stats?.() ?? {}), ...porStats },
    reductions,
  };
}

/** c with its initial states replaced by `from` (label i for from[i]), so that traces start there too. */
function startingFrom(c: Compiled, from: readonly Int32Array[] | undefined): Compiled {
  if (from === undefined) return c;
  for (const v of from) if (v.length !== c.width) throw new Error(`internal: a start state has ${v.length} slots, the model ${c.width}`);
  const starts = from.map((v) => v.slice());
  return Object.create(c, { initial: { value: (emit: (v: Int32Array, label: number) => void) => starts.forEach((v, i) => emit(v, i)) } }) as Compiled;
}

function errorReport(name: string, strategy: Strategy, e: unknown, started: number): Report {
  return {
    model: name,
    verdict: 'error',
    exitCode: ExitCode.modelError,
    strategy,
    distinctStates: 0,
    transitions: 0,
    maxDepth: 0,
    seconds: (performance.now() - started) / 1000,
    statesPerSecond: 0,
    properties: [],
    witnesses: {},
    error: describeError(e),
    engineBytes: 0,
    stats: {},
    reductions: [],
  };
}
