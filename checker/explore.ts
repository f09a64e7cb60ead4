/**
 * The explorer: breadth-first (default; counterexamples are shortest) or depth-first search over
 * a compiled model, with 64-bit fingerprints, parent links, invariants, witnesses, deadlock
 * detection and limits that end the search with a partial report instead of a crash.
 */
import { ExitCode, InterleaveError, ModelError, UsageError, allocationRefused, describeError } from './errors.ts';
import { FingerprintTable, derived, lanesOf, withDelta } from './fingerprint.ts';
import { compile } from './compile.ts';
import { getHeapStatistics } from 'node:v8';
import { beat } from './running.ts';
import { defaultReason, isLiveness, type Checkable, type Compiled, type PropertyKind } from './model.ts';
import { LivenessGraph, checkLiveness, earlyLiveness, type FairnessMode, type LivenessOutcome } from './liveness.ts';
import { RecordQueue, U16Column, U32Column } from './store.ts';
import { symmetric, type Symmetric, type SymmetryMode } from './reduce/symmetry.ts';
import type { PorHooks } from './reduce/por.ts';
import { acyclic } from './reduce/por-liveness.ts';
import { refuteLocalReads } from './reduce/local-reads-check.ts';
import { refuteStable } from './reduce/stable-check.ts';
import { rebuildTrace, type Trace } from './trace.ts';

export type Strategy = 'bfs' | 'dfs';
/** How a report's search went: an exhaustive strategy, a random simulation (checker/simulate.ts) or a swarm shard (checker/swarm/). */
export type SearchStrategy = Strategy | 'random' | 'swarm';
export type Verdict = 'pass' | 'violation' | 'deadlock' | 'liveness' | 'incomplete' | 'error';
/** Why a search stopped early: a limit given, memory, or (for a search stopped from outside) a signal; `runs` ends a random simulation. */
export type Limit = 'states' | 'depth' | 'time' | 'memory' | 'signal' | 'runs';
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
  /**
   * Store states by a representative under the model's declared symmetry
   * (checker/reduce/symmetry.ts): true or `exact`, one per orbit; `sort`, the state renamed by
   * the sort of its keys.
   */
  readonly symmetry?: boolean | SymmetryMode;
  /** Partial-order reduction (protocol systems; checker/reduce/por.ts). */
  readonly por?: boolean;
  /**
   * Stop (verdict `incomplete`, limit `memory`) before the process's resident memory would pass
   * this many bytes; the search also stops before V8's heap runs out (at 85% of its limit).
   */
  readonly maxMemory?: number;
  /**
   * Called once when the search starts with a function that gives its progress at any moment,
   * even after the search was stopped from outside (a time limit or a signal that ended it
   * inside the model's code): the counts of a partial report.
   */
  readonly observe?: (progress: () => Progress) => void;
  /**
   * Start from these state vectors instead of the model's initial states (the interactive
   * explorer's "find from here"; the model must then be given compiled, as the vectors were made).
   * Traces then begin at the given state.
   */
  readonly from?: readonly Int32Array[];
  /**
   * Fairness for liveness properties: `declared` (default) as the model declares it per action
   * and channel; `none`, `weak` or `strong` overrides every forced group (unforced steps, such
   * as workload actions, losses and crashes, stay unforced).
   */
  readonly fairness?: FairnessMode;
  /** False skips liveness properties (their status is `unknown`): the search then records no graph. */
  readonly liveness?: boolean;
  /**
   * On-the-fly liveness: once this many states are stored, and each time their number has grown
   * fourfold since, the liveness check runs over the part of the graph expanded so far and stops
   * the search at the first violation (see `checker/liveness.ts`, `earlyLiveness`), as SPIN's
   * nested search stops at the first acceptance cycle. Default: 256 depth-first; 0 (off)
   * breadth-first, where the check runs once, after the whole graph, so that the lasso starts at
   * the first state the search met from which a violation is reachable, by a shortest path.
   */
  readonly livenessEarly?: number;
  /** The factor by which the number of states must grow between two on-the-fly checks (default 4; 1 checks after every new state). */
  readonly livenessEarlyGrowth?: number;
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
  readonly strategy: SearchStrategy;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly properties: readonly PropertyReport[];
  /** For `violation` and `deadlock` (absent for an unwitnessed `sometimes`, which has no trace). */
  readonly counterexample?: Trace;
  /** For `violation` and `deadlock`: why, in the property's terms (the counterexample's reason, or why a witness is missing). */
  readonly reason?: string;
  /** One shortest (under BFS) trace per witnessed `sometimes` property. */
  readonly witnesses: Readonly<Record<string, Trace>>;
  /** Why the search stopped early, for `incomplete`. */
  readonly limit?: Limit;
  /** The one-line message, for `error`. */
  readonly error?: string;
  /** Bytes held by the engine's own tables at the end (fingerprints, parent links, queue). */
  readonly engineBytes: number;
  readonly stats: Readonly<Record<string, number>>;
  /** When liveness properties were checked: the fairness assumed, and the forced groups it gave. */
  readonly fairness?: { readonly mode: FairnessMode; readonly weakGroups: number; readonly strongGroups: number };
  /** Figures the model itself reports (`Model.summary`), e.g. the largest lattice of consistent cuts. */
  readonly summary?: Readonly<Record<string, number>>;
  /** The reductions the search ran with (`symmetry`, `por`); empty for a full search. */
  readonly reductions: readonly string[];
  /** A reduction asked for that was not used (a full search instead), and why: `{ por: 'it does not apply to a model with crashes' }`. */
  readonly notApplied?: Readonly<Record<string, string>>;
  /** Threads of a parallel search (checker/parallel/); absent for the search in one thread. */
  readonly workers?: number;
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
    case 'liveness':
      return ExitCode.liveness;
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
  let sym: Symmetric | undefined;
  const reductions: string[] = [];
  try {
    c = base = startingFrom(compile(model), options.from);
    // (--por alone checks liveness on the reduced graph when it is acyclic: checker/reduce/por-liveness.ts.)
    if (options.symmetry && options.liveness !== false && c.properties.some((p) => isLiveness(p.kind))) {
      throw new UsageError(`--symmetry does not preserve liveness properties yet: check ${c.name} without it (its liveness properties: ${c.properties.filter((p) => isLiveness(p.kind)).map((p) => p.name).join(', ')})`);
    }
    if (options.symmetry) {
      const s = (sym = symmetric(c, options.symmetry === true ? 'exact' : options.symmetry));
      // Exact: the search runs over representatives (traces mapped back); sort: over concrete
      // states, each found by its representative's fingerprint (traces are concrete runs).
      if (s.stores === 'representative') {
        c = s.compiled;
        toConcrete = (path) => s.toConcrete(path);
      } else c = { ...c, stats: s.compiled.stats };
      reductions.push(s.name);
    }
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    return errorReport(model.name ?? 'model', options.strategy ?? 'bfs', e, started);
  }
  let por: PorHooks | undefined;
  /** A reduction asked for that the search could not use, and why (a full search is made instead). */
  const notApplied: Record<string, string> = {};
  let stableStats: Record<string, number> | undefined;
  const withStable = (r: Report): Report => {
    const s = stableStats === undefined ? r : { ...r, stats: { ...r.stats, ...stableStats } };
    return Object.keys(notApplied).length === 0 ? s : { ...s, notApplied: { ...notApplied } };
  };
  if (options.por) {
    por = base.por as PorHooks | undefined;
    if (por === undefined) throw new UsageError(`--por applies to protocol systems; model ${base.name} is not one`);
    // A full search (the report says no por) where it does not apply, or from given states: its
    // who-may-send abstraction describes runs from the initial state.
    if (por.unsupported !== undefined || options.from !== undefined) {
      if (por.unsupported !== undefined) notApplied.por = `it does not apply to a model with ${por.unsupported}`;
      por = undefined;
    }
    else {
      // The properties declared stable are taken at their word below: test them on random runs first.
      try {
        const walked = refuteStable(base);
        if (walked.runs > 0) stableStats = { 'por.stableRuns': walked.runs, 'por.stableSteps': walked.steps, 'por.stableSuccessors': walked.successors };
        // And those declared to read local states through functions (readsLocal).
        const swapped = refuteLocalReads(base);
        if (swapped.runs > 0) stableStats = { ...stableStats, 'por.readsLocalRuns': swapped.runs, 'por.readsLocalSwaps': swapped.swaps };
      } catch (e) {
        if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
        return errorReport(base.name, options.strategy ?? 'bfs', e, started);
      }
      por.start();
      reductions.push('por');
    }
  }
  // Under por, a search during which a property read a field it had not read before is run again.
  for (;;) {
    por?.begin();
    const version = por?.version ?? 0;
    const r = search(c, base, toConcrete, reductions, options, started, por, sym);
    // Liveness on a reduced graph with a cycle, or a step met that stops the reduction: a full search.
    if (r === CYCLIC || (por?.off !== undefined && por.version !== version)) {
      const why: Record<string, number> = r === CYCLIC ? { 'por.cyclicFallback': 1 } : { 'por.stopped': 1 };
      notApplied.por = r === CYCLIC ? 'the reduced graph has a cycle, and liveness needs the full one' : "a step that declares deliveries reads other processes' histories";
      dropPor(reductions);
      const full = search(c, base, toConcrete, reductions, options, started, undefined, sym) as Report;
      return withStable({ ...full, stats: { ...full.stats, ...why } });
    }
    if (por?.off !== undefined) {
      dropPor(reductions);
      notApplied.por ??= por.off;
    }
    // A witness not found by a search that did not keep witnesses' reads invisible: again, with them
    // kept so, whatever the verdict (a liveness counterexample outranks a missing witness, and the
    // report still gives every witness's status).
    if (por !== undefined && por.off === undefined && !por.witnessesTracked && r.verdict !== 'error' && r.verdict !== 'incomplete' && r.properties.some((p) => p.status === 'unwitnessed')) {
      por.trackWitnesses();
      continue;
    }
    if (!por || por.version === version || r.counterexample || r.verdict === 'error' || r.verdict === 'incomplete') return withStable(r);
  }
}

/** The report's list of reductions without por (the search ran in full); any other reduction stays. */
function dropPor(reductions: string[]): void {
  const i = reductions.indexOf('por');
  if (i >= 0) reductions.splice(i, 1);
}

/** What a search under por says when its graph, recorded for liveness, has a cycle (checker/reduce/por-liveness.ts). */
const CYCLIC = Symbol('cyclic');

function search(c: Compiled, base: Compiled, toConcrete: (path: number[]) => number[], reductions: readonly string[], options: ExploreOptions, started: number, por: PorHooks | undefined, sym?: Symmetric): Report | typeof CYCLIC {
  const strategy = options.strategy ?? 'bfs';
  const maxStates = options.maxStates ?? Infinity;
  const maxDepthLimit = options.maxDepth ?? Infinity;
  const deadline = options.timeLimit !== undefined ? started + options.timeLimit * 1000 : Infinity;
  const checkDeadlock = options.checkDeadlock ?? c.checkDeadlock;
  const W = c.width;

  const parents = new U32Column();
  const labels = new U16Column();
  // Under por (without symmetry, whose stored states are representatives) each queued state carries
  // one more number, its side information: the messages sent along the path that reached it
  // (checker/reduce/por.ts, SENT COUNTS), not part of its identity.
  const sided = por !== undefined && sym === undefined;
  const SIDE = sided ? 1 : 0;
  const sideRec = new Int32Array(W + SIDE);
  // A search started with a small table (a small model, or many searches) allocates small chunks.
  const queue = new RecordQueue(W + 2 + SIDE, options.initialCapacity !== undefined && options.initialCapacity < 1 << 16 ? 1 << 12 : undefined);
  const cur = new Int32Array(W + 2 + SIDE);
  const v = cur.subarray(2, 2 + W); // the state being expanded (a view, made once)

  const live = options.liveness === false ? [] : c.properties.filter((p) => isLiveness(p.kind));
  // Under por the graph holds the ample steps only, each with its label; so it does under a
  // constraint, which leaves out the steps to states outside it (a step's place among its state's
  // recorded steps is then not its label).
  const graph = live.length > 0 ? new LivenessGraph(c, live, options.initialCapacity ?? 1 << 16, por !== undefined || c.constraint !== undefined || c.actionConstraint !== undefined) : undefined;
  // With a liveness property the graph's table of ids replaces the fingerprint table.
  const table = new FingerprintTable(graph ? 1 << 10 : options.initialCapacity ?? 1 << 20);
  const always = c.properties.filter((p) => p.kind === 'always');
  const sometimes = c.properties.filter((p) => p.kind === 'sometimes');
  const quiescent = c.properties.filter((p) => p.kind === 'quiescent');
  const onState = options.onState;
  const witnessAt = new Map<string, number>();
  let pendingSometimes = sometimes.slice();

  let transitions = 0;
  let maxDepth = 0;
  /** The violation: in state `id`, or (id -1) in a state outside the constraint reached from `parent` by `label`. */
  let violated: { name: string; kind: PropertyKind; id: number; parent?: number; label?: number } | undefined;
  let deadlockId = -1;
  // On-the-fly liveness: when to look next, and what a look found.
  // (Not under por: the reduced graph's liveness is known only once the whole graph is acyclic.)
  let nextLiveCheck = graph && por === undefined ? (options.livenessEarly ?? (strategy === 'dfs' ? 256 : 0)) || Infinity : Infinity;
  let early: LivenessOutcome | undefined;
  let earlyChecks = 0;
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
  // `--symmetry sort`: concrete states are stored, found in the table by their representative's lanes.
  const keyed = sym?.stores === 'concrete' ? sym : undefined;
  const keyBuf = new Int32Array(W);
  const keyOf = (s: Int32Array): Int32Array => {
    if (keyed === undefined) return s;
    keyed.canonical(s, keyBuf);
    return keyBuf;
  };
  let parentLane1 = 0; // and of the state being expanded
  let parentLane2 = 0;
  /** Records v, reached from `parent` by step `label`, unless seen; its lanes must be in `lanes`. */
  const add = (v: Int32Array, parent: number, label: number, depth: number, side = 0): void => {
    const id = parents.length;
    if (graph !== undefined) {
      const old = graph.ids.findOrAdd(lanes, id);
      if (parent !== NO_PARENT) graph.edge(old >= 0 ? old : id, label);
      if (old >= 0) return;
      graph.addState(v, parent === NO_PARENT);
    } else if (!table.addLanes(lanes)) return;
    parents.push(parent);
    labels.push(label);
    if (sided) {
      sideRec.set(v);
      sideRec[W] = side;
      queue.push(id, depth, sideRec);
    } else queue.push(id, depth, v);
    if (depth > maxDepth) maxDepth = depth;
    if (onState) onState(c.decode(v));
    if (violated === undefined) check(v, id);
  };

  /*
   * TLC's CONSTRAINT and ACTION_CONSTRAINT: a successor outside them is not a state of the model
   * (not counted, not stored, not expanded), but its invariants are checked, each time it is
   * generated, as TLC does; it still counts as a successor, so its predecessor is no deadlock.
   */
  const constraint = c.constraint;
  const actionConstraint = c.actionConstraint;
  const constrained = constraint !== undefined || actionConstraint !== undefined;
  let outside = 0;
  const inModel = (from: Int32Array | undefined, s: Int32Array): boolean =>
    (constraint === undefined || constraint(s)) && (from === undefined || actionConstraint === undefined || actionConstraint(from, s));
  const checkOutside = (s: Int32Array, parent: number, label: number): void => {
    outside++;
    for (let i = 0; i < always.length; i++) {
      if (!always[i].holds(s)) {
        violated = { name: always[i].name, kind: 'always', id: -1, parent, label };
        return;
      }
    }
  };

  const onSuccessor = (s: Int32Array, label: number, delta?: Int32Array, side?: number): void => {
    successors++;
    if (violated !== undefined) return;
    let changed: number;
    if (keyed !== undefined) {
      lanesOf(keyOf(s), W, lanes);
      changed = lanes[0] !== parentLane1 || lanes[1] !== parentLane2 ? 1 : 0;
    } else changed = delta !== undefined ? withDelta(delta, v, parentLane1, parentLane2, lanes) : derived(s, v, W, parentLane1, parentLane2, lanes);
    // A step back to the state being expanded (a self-loop) needs no look-up: it has been seen
    // (and a state of the model passed the constraint; its invariants hold).
    if (changed === 0) {
      if (graph !== undefined) graph.edge(parentId, label);
      return;
    }
    if (constrained && !inModel(v, s)) checkOutside(s, parentId, label);
    else add(s, parentId, label, childDepth, sided ? side : 0);
  };

  /**
   * Partial-order reduction: expands an ample set of v if there is one none of whose steps leads to
   * a state already expanded, v included (the cycle proviso, valid for any search order: on a cycle
   * of partly expanded states, the one expanded last would have a step to a state expanded before).
   * With symmetry too, v is a stored representative, the ample set is v's, and its successors are
   * stored (and the proviso asks) by their representatives.
   */
  const ampleBuf: Int32Array[] = [];
  const ampleLabels: number[] = [];
  const ampleSides: number[] = [];
  let ampleLanes: Int32Array = new Int32Array(64);
  const grownLanes = (x: Int32Array): Int32Array => {
    const y = new Int32Array(2 * x.length);
    y.set(x);
    return y;
  };
  const repBuf = new Int32Array(W);
  const closed = por !== undefined ? new FingerprintTable(options.initialCapacity ?? 1 << 16) : undefined;
  const expandAmple = (v: Int32Array, side: number | undefined): boolean => {
    (closed as FingerprintTable).add(parentLane1, parentLane2);
    const mask = (por as PorHooks).ample(v, side);
    if (mask === 0) return false;
    if (keyed === undefined) sym?.visit(v); // (a keyed search has visited v already)
    let k = 0;
    let seen = false;
    (por as PorHooks).expandSome(v, mask, (raw, label, delta, childSide) => {
      if (seen) return;
      let s = raw;
      // Each successor's lanes are computed once (from the step's delta where there is one), for
      // the proviso and for the table: those of its representative under symmetry (keyOf's too).
      if (sym !== undefined) {
        sym.canonical(raw, repBuf);
        if (keyed === undefined) s = repBuf;
        lanesOf(repBuf, W, lanes);
      } else if (delta !== undefined) withDelta(delta, v, parentLane1, parentLane2, lanes);
      else lanesOf(s, W, lanes);
      if ((closed as FingerprintTable).hasLanes(lanes)) seen = true;
      if (k === ampleBuf.length) ampleBuf.push(new Int32Array(W));
      ampleBuf[k].set(s);
      if (2 * k + 2 > ampleLanes.length) ampleLanes = grownLanes(ampleLanes);
      ampleLanes[2 * k] = lanes[0];
      ampleLanes[2 * k + 1] = lanes[1];
      ampleSides[k] = childSide ?? 0;
      ampleLabels[k++] = label;
    }, side);
    if (seen || k === 0) return false;
    for (let i = 0; i < k && violated === undefined; i++) {
      successors++;
      lanes[0] = ampleLanes[2 * i];
      lanes[1] = ampleLanes[2 * i + 1];
      add(ampleBuf[i], parentId, ampleLabels[i], childDepth, ampleSides[i]);
    }
    return true;
  };

  let expansions = 0;
  let lastProgress = started;
  options.observe?.(() => ({ distinctStates: parents.length, transitions, queued: queue.size, maxDepth, seconds: (performance.now() - started) / 1000 }));
  const maxMemory = options.maxMemory ?? Infinity;
  let lastMemoryCheck = started;
  /** True when continuing would pass the memory limit (or V8's heap limit). */
  const memoryFull = (): boolean => {
    const heap = getHeapStatistics();
    if (heap.used_heap_size > 0.85 * heap.heap_size_limit) return true;
    if (maxMemory === Infinity) return false;
    const rss = process.memoryUsage.rss();
    // The fingerprint table doubles at 3/4 load: while the new table is filled, both are held.
    const growing = table.size > 0.7 * table.capacity ? 2 * table.bytes : 0;
    return rss + growing > maxMemory;
  };
  try {
    c.initial((v, label) => {
      if (violated !== undefined) return;
      if (constrained && !inModel(undefined, v)) return checkOutside(v, NO_PARENT, label);
      lanesOf(keyOf(v), W, lanes);
      add(v, NO_PARENT, label, 0, por?.initialSide ?? 0);
    });
    while (queue.size > 0 && violated === undefined) {
      if (strategy === 'bfs') queue.shift(cur);
      else queue.pop(cur);
      const id = cur[0];
      const depth = cur[1];
      if (c.within && !c.within(v)) {
        // A boundary state: not expanded; for liveness, a behaviour that reaches it stays there.
        if (graph !== undefined) {
          graph.beginExpand(id, v);
          graph.endExpand(true);
        }
        continue;
      }
      if (depth >= maxDepthLimit) {
        // Not expanded; the search is cut off only if this state leads to a state not yet seen.
        if (!depthCut) {
          c.expand(v, (s) => {
            if (!(graph ? graph.ids.hasVector(s, W) : table.hasVector(keyOf(s), W)) && (!constrained || inModel(v, s))) depthCut = true;
          });
        }
        continue;
      }
      parentId = id;
      childDepth = depth + 1;
      keyed?.visit(v);
      lanesOf(keyOf(v), W, lanes);
      parentLane1 = lanes[0];
      parentLane2 = lanes[1];
      successors = 0;
      const outsideBefore = outside;
      if (graph !== undefined) graph.beginExpand(id, v);
      if (!sided) {
        if (por === undefined || !expandAmple(v, undefined)) c.expand(v, onSuccessor);
      } else if (!expandAmple(v, cur[W + 2])) (por as PorHooks).expandSome(v, -1, onSuccessor, cur[W + 2]);
      transitions += successors;
      // A behaviour that ends here (no step, or every step leaves the constraint) stays here for
      // ever, as TLC lets a state with no successor stutter: a proper end too.
      if (graph !== undefined) graph.endExpand(successors - (outside - outsideBefore) === 0);
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
      if (parents.length >= nextLiveCheck && queue.size > 0 && graph !== undefined) {
        nextLiveCheck = Math.max(parents.length + 1, Math.ceil(parents.length * (options.livenessEarlyGrowth ?? 4)));
        earlyChecks++;
        early = earlyLiveness(c, graph, options.fairness ?? 'declared');
        if (early !== undefined) break;
      }
      if (parents.length >= maxStates && queue.size > 0) {
        limit = 'states';
        break;
      }
      if ((++expansions & 63) === 0) beat();
      if ((expansions & 1023) === 0) {
        const now = performance.now();
        if (now > deadline) {
          limit = 'time';
          break;
        }
        if (now - lastMemoryCheck >= 100) {
          lastMemoryCheck = now;
          if (memoryFull()) {
            limit = 'memory';
            break;
          }
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
    // An allocation the machine refused (a table or column growing): the memory limit, reached early.
    if (allocationRefused(e)) limit = 'memory';
    else error = e;
  }

  let seconds = (performance.now() - started) / 1000;
  const pathTo = (id: number): number[] => {
    const path: number[] = [];
    for (let x = id; x !== NO_PARENT; x = parents.get(x)) path.push(labels.get(x));
    return path.reverse();
  };
  const violationPath = (w: NonNullable<typeof violated>): number[] =>
    w.id >= 0 ? pathTo(w.id) : [...(w.parent === NO_PARENT ? [] : pathTo(w.parent as number)), w.label as number];

  let verdict: Verdict;
  if (error !== undefined) verdict = 'error';
  else if (violated) verdict = 'violation';
  else if (deadlockId >= 0) verdict = 'deadlock';
  else if (early !== undefined) verdict = 'liveness';
  else if (limit !== undefined) verdict = 'incomplete';
  else if (pendingSometimes.length > 0) verdict = 'violation';
  else verdict = 'pass';

  const complete = verdict !== 'incomplete' && verdict !== 'error' && !violated && deadlockId < 0 && early === undefined;
  // Liveness, over the stored graph, once the safety search is complete and found nothing.
  const liveStatus = new Map<string, PropertyStatus>();
  let lasso: { name: string; kind: PropertyKind; instance: number; path: number[]; loop?: number } | undefined;
  let fairness: Report['fairness'];
  let livenessBytes = 0;
  if (graph !== undefined && (complete || early !== undefined)) {
    try {
      const mode = options.fairness ?? 'declared';
      if ((mode === 'weak' || mode === 'strong') && !c.fairness) {
        throw new UsageError(`--fairness ${mode} cannot be honoured: ${c.name} declares no fairness for its steps (give its actions a fairness)`);
      }
      const flat = graph.flatten();
      if (por !== undefined && early === undefined && !acyclic(flat)) return CYCLIC;
      const out = early ?? checkLiveness(c, graph, mode, flat);
      // (Only after the whole graph: a search stopped early may not have met every action yet.)
      const unused = early === undefined ? (c.fairness?.unused?.() ?? []) : [];
      if (unused.length) throw new ModelError(`fairness is declared for ${unused.map((u) => `'${u}'`).join(', ')}, which no step of ${c.name} is: it cannot be honoured`, 'fairness');
      livenessBytes = out.bytes;
      fairness = { mode, weakGroups: out.weakGroups, strongGroups: out.strongGroups };
      for (const r of out.results) {
        const p = live[r.prop];
        if (r.lasso && liveStatus.get(p.name) !== 'violated') {
          liveStatus.set(p.name, 'violated');
          if (lasso === undefined) {
            const prefix = pathTo(r.lasso.seed);
            lasso = { name: p.name, kind: p.kind, instance: r.i, path: [...prefix, ...r.lasso.labels], loop: r.lasso.loop !== undefined ? prefix.length - 1 + r.lasso.loop : undefined };
          }
        } else if (!liveStatus.has(p.name) && early === undefined) liveStatus.set(p.name, 'holds');
      }
      // A lasso is a concrete counterexample: it outranks a witness not found (both need the whole search).
      if (lasso !== undefined && (verdict === 'pass' || (verdict === 'violation' && !violated))) verdict = 'liveness';
      seconds = (performance.now() - started) / 1000; // the time to the verdict includes the liveness check
    } catch (e) {
      if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
      error = e;
      verdict = 'error';
    }
  }
  let properties: PropertyReport[] = c.properties.map((p) => {
    let status: PropertyStatus;
    if (isLiveness(p.kind)) status = liveStatus.get(p.name) ?? 'unknown';
    else if (p.kind !== 'sometimes') status = violated?.name === p.name ? 'violated' : complete ? 'holds' : 'unknown';
    else status = witnessAt.has(p.name) ? 'witnessed' : complete ? 'unwitnessed' : 'unknown';
    return { name: p.name, kind: p.kind, status, description: p.description };
  });

  let counterexample: Trace | undefined;
  const witnesses: Record<string, Trace> = {};
  try {
    // Traces are runs of the unreduced model (mapped back from a symmetry-reduced run).
    // Under symmetry, each is checked on its concrete run (a declared symmetry that is not one can
    // make a representative show what its concrete state does not).
    const concrete = (path: number[], found: Parameters<Symmetric['confirm']>[1]): number[] => {
      const p = toConcrete(path);
      sym?.confirm(p, found);
      return p;
    };
    if (violated) counterexample = rebuildTrace(base, concrete(violationPath(violated), { kind: 'violation', property: violated.name }), 'violation', { name: violated.name, kind: violated.kind });
    else if (deadlockId >= 0) counterexample = rebuildTrace(base, concrete(pathTo(deadlockId), { kind: 'deadlock' }), 'deadlock');
    else if (lasso !== undefined && verdict === 'liveness') {
      const t = rebuildTrace(base, lasso.path, 'violation', { name: lasso.name, kind: lasso.kind, ...(lasso.instance > 0 || (live.find((p) => p.name === lasso?.name)?.instances !== undefined) ? { instance: lasso.instance } : {}) });
      const mode = options.fairness ?? 'declared';
      counterexample = { ...t, ...(lasso.loop !== undefined ? { loop: lasso.loop } : {}), ...(mode !== 'declared' ? { fairness: mode } : {}) };
    }
    for (const [name, id] of witnessAt) witnesses[name] = rebuildTrace(base, concrete(pathTo(id), { kind: 'witness', property: name }), 'witness', { name, kind: 'sometimes' });
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error ??= e;
    verdict = 'error';
    // (A counterexample or witness refused, under symmetry: what it said of its property is not known.)
    properties = properties.map((p) => (p.status === 'violated' || p.status === 'witnessed' ? { ...p, status: 'unknown' } : p));
  }

  const distinctStates = parents.length;
  let reason = counterexample?.reason;
  if (reason === undefined && verdict === 'violation') {
    const missing = c.properties.find((p) => p.kind === 'sometimes' && !witnessAt.has(p.name));
    if (missing) reason = defaultReason(missing);
  }
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
    ...(reason !== undefined ? { reason } : {}),
    witnesses,
    limit: verdict === 'incomplete' ? limit : undefined,
    error: error !== undefined ? describeError(error) : undefined,
    engineBytes: table.bytes + (closed?.bytes ?? 0) + parents.bytes + labels.bytes + queue.bytes + (graph ? graph.bytes + livenessBytes : 0),
    stats: { ...(c.stats?.() ?? {}), ...(earlyChecks > 0 ? { 'liveness checks on the fly': earlyChecks, ...(early !== undefined ? { 'liveness violation found on the fly': 1 } : {}) } : {}), ...(constrained ? { 'successors outside the constraint': outside } : {}), ...porStats },
    ...(fairness ? { fairness } : {}),
    ...(c.summary ? { summary: c.summary() } : {}),
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

/** The report of a search that could not run or failed in the model's code (exit 75). */
export function errorReport(name: string, strategy: SearchStrategy, e: unknown, started: number): Report {
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
