/**
 * Parallel breadth-first search (`interleave check --workers N`): level-synchronous BFS over worker
 * threads that share the fingerprint table (lock-free inserts) and claim batches of each level's
 * frontier through a shared cursor. The main thread takes part and, between levels, merges what
 * the threads found: counts, the next frontier (the threads' shares, read in place), parent links,
 * and events; the counterexample is one found at the first level that has any, chosen by a fixed
 * rule (shortest, then the property's order, then the smallest fingerprint), so a run reports the
 * same verdict, counts and trace length every time.
 *
 * Until the search has found `spawnAt` states (and while the workers load the model) the main
 * thread searches alone, in the sequential search's order, stopping where it stops: a small model
 * gives exactly what `--workers 1` gives, without starting a thread.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { receiveMessageOnPort } from 'node:worker_threads';
import { compile } from '../compile.ts';
import { InterleaveError, ModelError, UsageError, allocationRefused, describeError } from '../errors.ts';
import { errorReport, exitCodeOf, type ExploreOptions, type Progress, type PropertyReport, type PropertyStatus, type Report, type Verdict } from '../explore.ts';
import { lanesOf } from '../fingerprint.ts';
import { defaultReason, isLiveness, type Checkable, type Compiled } from '../model.ts';
import { beat } from '../running.ts';
import { rebuildTrace, type Trace } from '../trace.ts';
import { shareInterning } from '../values.ts';
import { DEBUG, threadsCpuMs } from './debug.ts';
import { SharedInterning, newInterningBuffers } from './interning.ts';
import { Participant, type LevelEvent, type LevelOrder, type LevelResult, type Segment, type Witness } from './participant.ts';
import type { Prepared } from './prepare.ts';
import { WorkerPool, bundleFor, takeWarm, type ModelSource } from './pool.ts';
import { C, COLUMN_BITS, COLUMN_CHUNK, COLUMN_CHUNK_BYTES, NO_PARENT, capacityFor, growAt, labelsOf, newTable, parentsOf, rehash, rehashPart, waitWhile } from './shared.ts';

export interface ParallelOptions extends ExploreOptions {
  /** Threads, the main thread included (at least 2). */
  readonly workers: number;
  /** How each worker loads the model. */
  readonly source: ModelSource;
  /** The shared log of interned values' first length in bytes (default 64 KiB; tests start it small so that it grows often). */
  readonly initialLogBytes?: number;
  /** Threads to use (tests share one); otherwise a pool is started when needed and closed at the end. */
  readonly pool?: WorkerPool;
  /** Distinct states found before the worker threads are started (default 20,000). */
  readonly spawnAt?: number;
  /** The model, compiled with its interning shared (prepare.ts), when the caller compiled it already. */
  readonly prepared?: Prepared;
  /** Wait for every worker to load before the first level they could take part in (tests). */
  readonly waitForWorkers?: boolean;
  /**
   * --call-timeout for the workers, in ms (0 or absent: none): a worker whose heartbeat stops for
   * this long of its CPU time while a model function runs ends the search with a model error. The
   * main thread's own calls are watched by the CLI's watchdog (checker/cli/guard.ts).
   */
  readonly callTimeoutMs?: number;
}

export const DEFAULT_SPAWN_AT = 20_000;
/**
 * States a worker that has its job before spawnAt may search privately while it waits (warmup.ts):
 * an experiment, off unless INTERLEAVE_PARALLEL_WARM_UP=N (under load it cost more than it gained:
 * 2PC rms=8 median 7.75 s against 7.45 s, 5 pairs at load average 6–7; not measured idle).
 */
const WARM_UP = /^\d+$/.test(process.env.INTERLEAVE_PARALLEL_WARM_UP ?? '') ? Number(process.env.INTERLEAVE_PARALLEL_WARM_UP) : 0;
/** Where the main thread's time went (INTERLEAVE_PARALLEL_DEBUG=1 prints it to stderr). */
const debug = { wait: 0, levels: 0, grows: 0, helpedGrows: 0, grow: 0, exactLevels: 0, firstParallelAt: 0, mainMs: 0, mainStates: 0, workerMs: 0, workerStates: 0 };

/**
 * Whether worker thread w has ended: its `/proc/self/task/<tid>` (Linux; the thread id as
 * /proc/thread-self named it in that thread, before it loaded the model) is gone. Node ends a
 * worker whose heap is full, not the process, and process.exit in a worker thread ends that thread:
 * it would never finish its level. Only where this thread finds its own folder there (a /proc that
 * shows this process's threads); elsewhere, or while the id is unknown: false.
 */
function threadEnded(calls: Int32Array): (w: number) => boolean {
  let usable = false;
  try {
    usable = existsSync(`/proc/self/task/${readlinkSync('/proc/thread-self').split('/').pop()}`);
  } catch {
    // no /proc
  }
  return (w) => {
    if (!usable) return false;
    const tid = Atomics.load(calls, 4 * w + 3);
    return tid !== 0 && !existsSync(`/proc/self/task/${tid}`);
  };
}

/** Thrown by a table growth that a thread never paused for (it is stuck in a model function): the level is abandoned. */
class GrowGivenUp extends Error {}

/** The model error of a search whose worker thread w ended (threadEnded). */
const endedError = (w: number): string => `worker thread ${w} ended during the search (its heap full, or process.exit in the model?): the search is stopped (--workers 1 searches in one thread)`;

/**
 * The main thread's watch over the workers while it waits for a level: -w for a worker thread that
 * has ended (threadEnded); w for a worker whose heartbeat has not moved while a model function ran
 * for `budgetMs` of that thread's CPU time (--call-timeout; Linux: /proc/self/task/<tid>/stat;
 * elsewhere, and for a call that blocks, ten times the budget by the wall clock, as
 * checker/cli/guard.ts); otherwise 0.
 */
function workerWatch(calls: Int32Array, N: number, budgetMs: number, ended: (w: number) => boolean): (active: readonly number[]) => number {
  const seen = new Int32Array(N).fill(-1);
  const since = new Float64Array(N);
  const sinceWall = new Float64Array(N);
  const clocks = new Int8Array(N);
  let lastLook = 0;
  const cpuMs = (w: number): number | undefined => {
    const tid = Atomics.load(calls, 4 * w + 3);
    if (tid === 0) return undefined;
    try {
      const s = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      return Number.isFinite(ms) ? ms : undefined;
    } catch {
      return undefined;
    }
  };
  return (active) => {
    const now = Date.now();
    if (now - lastLook < 50) return 0;
    lastLook = now;
    for (const w of active) {
      if (ended(w)) return -w;
      if (!(budgetMs > 0)) continue;
      const beat = Atomics.load(calls, 4 * w);
      const cpu = cpuMs(w);
      // The clock of since[w] (CPU time, or the wall clock where it cannot be read) must not change under it.
      const clock = cpu !== undefined ? 1 : 2;
      if (beat !== seen[w] || Atomics.load(calls, 4 * w + 2) === 0 || clock !== clocks[w]) {
        seen[w] = beat;
        since[w] = cpu ?? now;
        sinceWall[w] = now;
        clocks[w] = clock;
      } else if ((cpu ?? now) - since[w] >= budgetMs || now - sinceWall[w] >= 10 * budgetMs) return w;
    }
    return 0;
  };
}

/**
 * The next frontier's runs (see LevelOrder.runs) from what the batches found: quadruples (the
 * batch's first index, segment, first record, records), ordered by batch.
 */
export function frontierRuns(found: readonly number[]): Int32Array {
  const n = found.length >> 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => found[4 * a] - found[4 * b]);
  const runs = new Int32Array(Math.max(3, 3 * n));
  let start = 0;
  for (let j = 0; j < n; j++) {
    const q = 4 * order[j];
    runs[3 * j] = found[q + 1];
    runs[3 * j + 1] = found[q + 2];
    runs[3 * j + 2] = start;
    start += found[q + 3];
  }
  return runs;
}

/**
 * The table's next capacity when `total` states fill one of `cap` slots, in the level that expands
 * a frontier of `F` states (`prevF` the level before; `before` states found before this level):
 * twice as many slots, or four times when the levels' growth says twice would be full again by the
 * end of the next level (each growth pauses every thread while it rehashes the whole table).
 */
export function nextCapacity(cap: number, total: number, before: number, F: number, prevF: number, threads: number): number {
  const twice = capacityFor(cap * 2, total + 1, threads);
  if (prevF <= 0 || F <= prevF) return twice;
  const r = F / prevF;
  const expected = before + F * r + F * r * r;
  return expected > growAt(twice, threads) ? capacityFor(twice * 2, total + 1, threads) : twice;
}

/** Explores `model` with `options.workers` threads; the report is explore's, with `workers`. */
export function exploreParallel(model: Checkable, options: ParallelOptions): Report {
  const started = performance.now();
  const N = options.workers;
  if (!(N >= 2)) throw new UsageError(`internal: exploreParallel needs 2 or more threads, got ${N}`);
  // The model compiled once, by the CLI (prepare.ts), or here.
  const sharing = options.prepared?.sharing ?? new SharedInterning(newInterningBuffers(options.initialLogBytes));
  const interning = sharing.buffers;
  let c: Compiled;
  try {
    if (options.prepared !== undefined) c = options.prepared.compiled;
    else {
      shareInterning(sharing);
      try {
        c = compile(model);
      } finally {
        shareInterning(undefined);
      }
    }
    if (options.liveness !== false && c.properties.some((p) => isLiveness(p.kind))) throw new UsageError(`the parallel search does not check liveness properties: search ${c.name} with --workers 1`);
    if (c.sequentialOnly !== undefined) throw new UsageError(`${c.name} cannot be searched in parallel: ${c.sequentialOnly} (use --workers 1)`);
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    return { ...errorReport(model.name ?? 'model', 'bfs', e, started), workers: N };
  }
  const W = c.width;
  const maxStates = options.maxStates ?? Infinity;
  const maxDepthLimit = options.maxDepth ?? Infinity;
  const deadline = options.timeLimit !== undefined ? started + options.timeLimit * 1000 : Infinity;
  const checkDeadlock = options.checkDeadlock ?? c.checkDeadlock;
  const maxMemory = options.maxMemory ?? Infinity;
  const spawnAt = options.spawnAt ?? (DEBUG && process.env.INTERLEAVE_PARALLEL_SPAWN_AT ? Number(process.env.INTERLEAVE_PARALLEL_SPAWN_AT) : DEFAULT_SPAWN_AT);

  const ctl = new Int32Array(new SharedArrayBuffer(C.SIZE * 4));
  const countersBuffer = new SharedArrayBuffer(2 * N * 8);
  const counters = new Float64Array(countersBuffer);
  let cap = capacityFor(options.initialCapacity ?? 1 << 20, 0, N);
  let slots = newTable(cap);
  let tableGen = 0;
  ctl[C.GROW_AT] = growAt(cap, N);
  ctl[C.MAX_STATES] = maxStates > 0 && maxStates < 2 ** 31 ? maxStates : 0;

  let pool: WorkerPool | undefined;
  /** Workers that have had the memo tables (with their first level), and the snapshot being sent. */
  const memoSent: boolean[] = [];
  let memo: unknown;
  /** Memo tables the workers adopted, in all (reported in the stats). */
  let memoAdopted = 0;
  let ownPool = false;
  /** Worker participants of the level running now. */
  let active: number[] = [];

  // Each thread's heartbeat, call flag and thread id (Job.calls), for workerWatch.
  const callsBuffer = new SharedArrayBuffer(16 * N);
  const calls = new Int32Array(callsBuffer);
  const ended = threadEnded(calls);
  /** A growth given up (a thread that never paused): the level is abandoned. */
  let growGivenUp = false;
  const grow = (): void => {
    if (Atomics.load(ctl, C.GROW) !== 1) return;
    // Wait until every other thread of the level has stopped inserting. (A thread that has ended,
    // or failed between levels, never will: the level's wait then stops the search. One that
    // arrived or paused and then ended counts twice here: the grow may then miss a live thread's
    // last inserts, in a search that stops with an error and partial counts.)
    // A thread stuck in a model function never pauses either: the limits and the watch run here
    // as in the level's wait, and 2 s after the threads were told to stop the growth is given up
    // (GrowGivenUp: the level is abandoned, with the counts from the threads' counters).
    const gone = (w: number): boolean => Atomics.load(ctl, C.READY + w) === 2 || ended(w);
    let stopAt = 0;
    for (;;) {
      const a = Atomics.load(ctl, C.ARRIVED);
      const stopped = Atomics.load(ctl, C.PAUSED) + a;
      if (stopped >= active.length || stopped + active.filter(gone).length >= active.length) break;
      if (tick()) Atomics.store(ctl, C.STOP, 1);
      const w = watch(active);
      if (w !== 0) {
        error ??= w > 0 ? callTimeoutError(w) : endedError(-w);
        Atomics.store(ctl, C.STOP, 1);
      }
      if (Atomics.load(ctl, C.STOP) === 1) {
        stopAt ||= performance.now();
        if (performance.now() - stopAt > 2000) {
          growGivenUp = true;
          throw new GrowGivenUp();
        }
      }
      Atomics.wait(ctl, C.ARRIVED, a, 10);
    }
    const g0 = performance.now();
    debug.grows++;
    const total = Atomics.load(ctl, C.TOTAL);
    cap = nextCapacity(cap, total, distinct, levelF, prevLevelF, N);
    // The threads paused in the level help fill the new table; otherwise this thread fills it alone.
    const paused = Atomics.load(ctl, C.PAUSED);
    tableGen++;
    if (paused > 0) {
      debug.helpedGrows++;
      const old = slots;
      slots = newTable(cap);
      for (const w of active) pool?.threads[w - 1].port.postMessage({ type: 'table', table: slots.buffer, gen: tableGen });
      // (No helper is in a rehash now: R_BUSY was 0 when the last growth ended, and a helper of a
      // growth before this one finds REHASH naming another and stays out.)
      ctl[C.R_CURSOR] = 0;
      Atomics.store(ctl, C.REHASH, tableGen);
      Atomics.notify(ctl, C.TABLE_GEN);
      rehashPart(old, slots, ctl);
      // Every span is claimed: helpers that come now stay out; wait for those still copying theirs.
      // (A helper whose thread ends would never be done: the level's wait then stops the search.)
      Atomics.store(ctl, C.REHASH, 0);
      for (let b = Atomics.load(ctl, C.R_BUSY); b > 0 && !active.some(gone); b = Atomics.load(ctl, C.R_BUSY)) waitWhile(ctl, C.R_BUSY, b, 10);
    } else {
      slots = rehash(slots, cap);
      for (const w of active) pool?.threads[w - 1].port.postMessage({ type: 'table', table: slots.buffer, gen: tableGen });
    }
    main.setTable(slots);
    ctl[C.GROW_AT] = growAt(cap, N);
    Atomics.store(ctl, C.GROW, 0);
    Atomics.store(ctl, C.TABLE_GEN, tableGen);
    Atomics.notify(ctl, C.TABLE_GEN);
    debug.grow += performance.now() - g0;
  };
  const main = new Participant(c, 0, N, ctl, counters, checkDeadlock, grow);
  main.setTable(slots);

  // Counts.
  let distinct = 0;
  let transitions = 0;
  let outside = 0;
  let maxDepth = 0;
  let limit: Report['limit'];
  let depthCut = false;
  let error: string | undefined;
  let chosen: LevelEvent | undefined;
  let abandoned = false;
  const sometimes = c.properties.map((p, i) => ({ p, i })).filter((x) => x.p.kind === 'sometimes').map((x) => x.i);
  let pending = sometimes.slice();
  const witnessAt = new Map<number, number>();
  // Parent links and labels of every thread.
  const parentCols: Uint32Array[][] = Array.from({ length: N }, () => []);
  const labelCols: Uint16Array[][] = Array.from({ length: N }, () => []);
  let frontierBytes = 0;
  // The frontiers of the level running now and of the one before (for the table's growth).
  let levelF = 0;
  let prevLevelF = 0;
  /** The level being searched (its states are at this depth). */
  let levelNow = 0;
  let peakFrontierBytes = 0;

  const progress = (): Progress => {
    let s = 0;
    let t = 0;
    for (let w = 0; w < N; w++) {
      s += counters[2 * w];
      t += counters[2 * w + 1];
    }
    // Waiting: the frontier's states no thread has claimed yet, and those found in this level (the
    // counters include them; `distinct` is the count before the level), one level deeper.
    const found = Math.max(0, s - distinct);
    const unclaimed = Math.max(0, levelF - Math.min(levelF, Atomics.load(ctl, C.CURSOR)));
    return { distinctStates: s, transitions: t, queued: unclaimed + found, maxDepth: found > 0 ? Math.max(maxDepth, levelNow + 1) : maxDepth, seconds: (performance.now() - started) / 1000 };
  };
  options.observe?.(progress);

  let lastProgress = started;
  let lastMemoryCheck = started;
  let lastRss = process.memoryUsage.rss();
  /** The main thread's checks of the limits and its progress line; true stops the search. */
  const tick = (): boolean => {
    beat();
    const now = performance.now();
    if (now > deadline) {
      limit ??= 'time';
      return true;
    }
    if (now - lastMemoryCheck >= 100) {
      lastMemoryCheck = now;
      const heap = getHeapStatistics();
      // The other threads go on allocating until they see the stop, and the level's end and the
      // report allocate some more: twice what the process grew by since the last check, and at
      // least 3% of the limit, are kept in reserve.
      const rss = maxMemory !== Infinity ? process.memoryUsage.rss() : 0;
      const reserve = Math.max(2 * Math.max(0, rss - lastRss), 0.03 * maxMemory);
      lastRss = rss;
      if (heap.used_heap_size > 0.85 * heap.heap_size_limit || (maxMemory !== Infinity && rss + reserve + (Atomics.load(ctl, C.TOTAL) > 0.6 * cap ? 2 * slots.byteLength : 0) > maxMemory)) {
        limit ??= 'memory';
        return true;
      }
    }
    if (options.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress(progress());
    }
    return false;
  };
  main.tick = tick;

  const pick = (events: LevelEvent[]): LevelEvent | undefined => {
    let best: LevelEvent | undefined;
    const rank = (e: LevelEvent) => (e.prop < 0 ? Infinity : e.prop);
    for (const e of events) {
      if (
        best === undefined ||
        e.len < best.len ||
        (e.len === best.len && (rank(e) < rank(best) || (rank(e) === rank(best) && (e.f1 < best.f1 || (e.f1 === best.f1 && e.f2 < best.f2)))))
      )
        best = e;
    }
    return best;
  };
  const takeWitnesses = (ws: Witness[], exact: boolean): void => {
    for (const prop of pending) {
      let best: Witness | undefined;
      for (const x of ws) if (x.prop === prop && (best === undefined || (!exact && (x.f1 < best.f1 || (x.f1 === best.f1 && x.f2 < best.f2))))) best = x;
      if (best !== undefined) witnessAt.set(prop, best.id);
    }
    pending = pending.filter((p) => !witnessAt.has(p));
  };

  const watch = workerWatch(calls, N, options.callTimeoutMs ?? 0, ended);
  const callTimeoutError = (w: number): string =>
    `a model function ran for more than ${(options.callTimeoutMs ?? 0) / 1000} s in worker thread ${w} (--call-timeout): does it loop forever? (--workers 1 names it and its input)`;
  /** Why worker w takes no more part (READY 2): it could not load the model, or failed between levels (its message says). */
  /**
   * Why the threads were told to stop, when no limit or error says so already: --max-states
   * reached (a thread sets STOP on its own), else a worker that failed (it sets STOP too), else an
   * interruption from outside.
   */
  const explainStop = (): void => {
    if (error !== undefined || limit !== undefined) return;
    if (maxStates !== Infinity && distinct >= maxStates) {
      limit = 'states';
      return;
    }
    for (let w = 1; w < N && pool !== undefined; w++) {
      if (Atomics.load(ctl, C.READY + w) === 2) {
        error = failureOf(w);
        return;
      }
    }
    limit = 'signal';
  };
  const failureOf = (w: number): string => {
    let why = 'a worker could not load the model';
    const port = (pool as WorkerPool).threads[w - 1].port;
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const msg = m.message as { type: string; message?: string; jobId?: number };
      if (msg.jobId !== jobId) continue;
      if (msg.type === 'loaderror') why = `a worker could not load the model: ${msg.message}`;
      else if (msg.type === 'failed') why = `${msg.message} (worker thread ${w})`;
    }
    return why;
  };
  /** This search's job on its pool: messages about another (a search before, stopped early) are not this one's. */
  let jobId = 0;
  const startJob = (): void => {
    const p = pool as WorkerPool;
    if (p.size !== N - 1) throw new Error(`internal: a pool of ${p.size} threads for ${N} workers`);
    // What an earlier search's threads said and it did not read (it stopped early) is not this one's.
    for (const t of p.threads) while (receiveMessageOnPort(t.port) !== undefined);
    if (DEBUG) console.error(`parallel: job started at ${((performance.now() - started) / 1000).toFixed(3)} s (${distinct} states); search started at ${Math.round((performance.timeOrigin + started) % 100000)} ms, process at ${Math.round((performance.timeOrigin) % 100000)}`);
    jobId = p.start({ source: options.source, interning, ctl: ctl.buffer as SharedArrayBuffer, counters: countersBuffer, threads: N, checkDeadlock, warmUp: distinct < spawnAt ? WARM_UP : 0, calls: callsBuffer });
  };
  // Threads the CLI started while it loaded the model (prewarm) get the job at once.
  if (options.pool === undefined) {
    pool = takeWarm(N - 1, options.source);
    if (pool !== undefined) {
      ownPool = true;
      startJob();
    }
  }

  let segments: Segment[] = [];
  let views: Int32Array[][] = [];
  let runs: Int32Array = new Int32Array(3);
  try {
    // The initial states, in the main thread (exact mode).
    main.exact = true;
    main.setPending(pending);
    const lanes = new Int32Array(2);
    const constrained = c.constraint !== undefined || c.actionConstraint !== undefined;
    c.initial((v, label) => {
      if (chosen !== undefined) return;
      if (constrained && c.constraint !== undefined && !c.constraint(v)) {
        outside++;
        for (const [i, p] of c.properties.entries()) {
          if (p.kind === 'always' && !p.holds(v)) {
            chosen = { kind: 'outside', prop: i, id: NO_PARENT, label, f1: 0, f2: 0, len: 1 };
            return;
          }
        }
        return;
      }
      main.addInitial(v, label, lanes);
      const ev = (main as unknown as { events: LevelEvent[] }).events;
      if (ev.length) chosen = ev[0];
    });
    const init = main.initial();
    distinct += init.states;
    takeWitnesses(init.witnesses, true);
    segments = [init.segment];
    views = [init.views];
    const { parents, labels } = main.columns();
    parentCols[0] = parents;
    labelCols[0] = labels;

    for (let level = 0; chosen === undefined && limit === undefined && error === undefined; level++) {
      const F = segments.reduce((n, s) => n + s.count, 0);
      prevLevelF = levelF;
      levelF = F;
      levelNow = level;
      if (F === 0) break;
      // Workers: started once the search is big enough; they take part once they have loaded the model.
      if (pool === undefined && distinct >= spawnAt) {
        pool = options.pool ?? new WorkerPool(N - 1, [], bundleFor(options.source));
        ownPool = options.pool === undefined;
        startJob();
        if (options.waitForWorkers) {
          for (let w = 1; w < N; w++) while (Atomics.load(ctl, C.READY + w) === 0 && !ended(w)) if (Atomics.wait(ctl, C.ARRIVED, Atomics.load(ctl, C.ARRIVED), 50) && tick()) break;
        }
      }
      active = [];
      // (Threads started early take part once the search has found spawnAt states.)
      for (let w = 1; w < N && pool !== undefined && distinct >= spawnAt; w++) {
        const r = Atomics.load(ctl, C.READY + w);
        if (r === 1) {
          if (ended(w)) error ??= endedError(w);
          else active.push(w);
        } else if (r === 2) error ??= failureOf(w);
      }
      if (error !== undefined) break;
      const exact = active.length === 0;
      if (exact) debug.exactLevels++;
      else if (debug.firstParallelAt === 0) debug.firstParallelAt = (performance.now() - started) / 1000;
      main.exact = exact;
      const cut = level >= maxDepthLimit;
      const gen = ctl[C.GEN] + 1;
      const order: LevelOrder = { type: 'level', gen, level, cut, segments, runs, table: slots.buffer as SharedArrayBuffer, tableGen, pending };
      ctl[C.CURSOR] = 0;
      ctl[C.ARRIVED] = 0;
      ctl[C.PAUSED] = 0;
      ctl[C.FRONTIER] = F;
      ctl[C.BATCH] = Math.max(1, Math.min(256, Math.floor(F / ((active.length + 1) * 16))));
      // A worker starts the level as soon as it has its order: the level's words are set before.
      for (const w of active) {
        Atomics.store(ctl, C.PART + w, gen);
        // A worker's first level comes with the main thread's memo tables (see LevelOrder.memo).
        let sent: LevelOrder = order;
        if (!memoSent[w]) {
          memoSent[w] = true;
          memo ??= c.memoSnapshot?.();
          if (memo !== undefined) sent = { ...order, memo };
        }
        pool?.threads[w - 1].port.postMessage(sent);
      }
      memo = undefined;
      Atomics.store(ctl, C.GEN, gen);
      Atomics.notify(ctl, C.GEN);
      sharing.sync();
      const m0 = performance.now();
      const results: LevelResult[] = [main.runLevel(order, views)];
      const mainMs = performance.now() - m0;
      if (!exact) {
        debug.mainMs += performance.now() - m0;
        debug.mainStates += results[0].states;
      }
      // Wait for the others (growing the table when they ask, checking the limits). A thread that
      // does not stop within 2 s of being told (a model function that runs on) is left behind:
      // the report is then the partial one, from the threads' counters. So is a thread that will
      // never arrive (its thread ended, or it failed between levels), at once.
      let stopped = 0;
      const lost = new Set<number>();
      const waitStart = performance.now();
      for (;;) {
        const a = Atomics.load(ctl, C.ARRIVED);
        if (a >= active.length) break;
        if (Atomics.load(ctl, C.GROW) === 1 && !growGivenUp) {
          try {
            grow();
          } catch (e) {
            if (!(e instanceof GrowGivenUp)) throw e;
          }
          continue;
        }
        if (tick()) Atomics.store(ctl, C.STOP, 1);
        const w = watch(active);
        if (w !== 0 && error === undefined) {
          error = w > 0 ? callTimeoutError(w) : endedError(-w);
          Atomics.store(ctl, C.STOP, 1);
        }
        for (const x of active) {
          if (lost.has(x)) continue;
          if (Atomics.load(ctl, C.READY + x) === 2) {
            const why = failureOf(x); // (read even when another error came first: the port is left empty)
            error ??= why;
          } else if (x === -w || (lost.size > 0 && ended(x))) error ??= endedError(x);
          else continue;
          lost.add(x);
          Atomics.store(ctl, C.STOP, 1);
        }
        if (Atomics.load(ctl, C.STOP) === 1) {
          stopped ||= performance.now();
          // (A thread that arrived and then ended counts twice: the search then stops without
          // waiting for a thread still in its level, which the stop ends soon after.)
          if (growGivenUp || performance.now() - stopped > 2000 || (lost.size > 0 && a + lost.size >= active.length)) {
            const p = progress();
            distinct = p.distinctStates;
            transitions = p.transitions;
            explainStop();
            abandoned = true;
            break;
          }
        }
        waitWhile(ctl, C.ARRIVED, a, 20);
      }
      debug.wait += performance.now() - waitStart;
      debug.levels++;
      if (abandoned) break;
      for (const w of active) {
        const port = (pool as WorkerPool).threads[w - 1].port;
        let r: LevelResult | undefined;
        while (r === undefined) {
          const m = receiveMessageOnPort(port)?.message as LevelResult | { type: string; message?: string } | undefined;
          if (m === undefined) throw new Error(`internal: worker ${w} arrived without its result`);
          if ((m as { jobId?: number }).jobId !== jobId) continue; // an earlier search's thread, left behind
          if (m.type === 'done' && (m as LevelResult).gen === gen) r = m as LevelResult;
          else if (m.type === 'loaderror') error ??= (m as { message: string }).message;
        }
        results.push(r);
        memoAdopted += r.adopted ?? 0;
        debug.workerMs += (r as { ms?: number }).ms ?? 0;
        debug.workerStates += r.states;
      }
      if (DEBUG) {
        const per = results.map((r, k) => `${k === 0 ? 'main' : 'w' + active[k - 1]} ${(k === 0 ? mainMs : ((r as { ms?: number }).ms ?? 0)).toFixed(0)}ms cpu ${(r.cpu ?? 0).toFixed(0)} exp ${r.expanded} new ${r.states} (${r.cpu ? ((r.expanded ?? 0) / r.cpu).toFixed(0) : '-'} exp/ms)`);
        console.error(`level ${level} F ${F}${exact ? ' exact' : ''} wait ${(performance.now() - waitStart).toFixed(0)}ms: ${per.join(' | ')}`);
      }
      // Merge.
      const next: Segment[] = [];
      const nextViews: Int32Array[][] = [];
      const events: LevelEvent[] = [];
      const ws: Witness[] = [];
      /** Per batch that found states: its first frontier index, segment, first record, records. */
      const found4: number[] = [];
      let found = 0;
      frontierBytes = 0;
      for (const [k, r] of results.entries()) {
        const w = k === 0 ? 0 : active[k - 1];
        if (r.error?.memory) limit ??= 'memory';
        else if (r.error && error === undefined) {
          if (!r.error.model) throw new Error(r.error.message);
          error = r.error.message;
        }
        found += r.states;
        transitions += r.transitions;
        outside += r.outside;
        depthCut ||= r.depthCut;
        events.push(...r.events);
        ws.push(...r.witnesses);
        if (r.out.count > 0) {
          for (let j = 0; j < r.runs.length; j += 3) found4.push(r.runs[j], next.length, r.runs[j + 1], r.runs[j + 2]);
          next.push(r.out);
          nextViews.push(r.out.chunks.map((x) => new Int32Array(x)));
        }
        for (const x of r.out.chunks) frontierBytes += x.byteLength;
        if (w !== 0) {
          for (const x of r.columns) {
            parentCols[w].push(parentsOf(x));
            labelCols[w].push(labelsOf(x));
          }
        }
        if (r.halted === 'states') limit ??= 'states';
      }
      for (const s of segments) for (const x of s.chunks) frontierBytes += x.byteLength;
      peakFrontierBytes = Math.max(peakFrontierBytes, frontierBytes);
      distinct += found;
      if (found > 0) maxDepth = level + 1;
      // The exact total, for growth and --max-states (the blocks reported leave a remainder).
      main.takeUnreported();
      Atomics.store(ctl, C.TOTAL, distinct);
      if (distinct > ctl[C.GROW_AT]) {
        Atomics.store(ctl, C.GROW, 1);
        active = [];
        grow();
      }
      if (error !== undefined) break;
      chosen = exact ? events[0] : pick(events);
      takeWitnesses(ws, exact);
      if (Atomics.load(ctl, C.STOP) === 1 && chosen === undefined) {
        explainStop();
        break;
      }
      if (chosen === undefined && limit === undefined && maxStates !== Infinity && distinct >= maxStates && next.length > 0) limit = 'states';
      segments = next;
      views = nextViews;
      runs = frontierRuns(found4);
      if (cut) break;
    }
    if (limit === undefined && depthCut && chosen === undefined) limit = 'depth';
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    if (allocationRefused(e)) limit = 'memory';
    else error = describeError(e);
  } finally {
    Atomics.store(ctl, C.END, 1);
    Atomics.store(ctl, C.STOP, 1);
    Atomics.add(ctl, C.GEN, 1);
    Atomics.notify(ctl, C.GEN);
    if (DEBUG) console.error(`threads cpu ms: ${threadsCpuMs().map((x) => `${x.name} ${x.ms.toFixed(0)}`).join(', ')}`);
    if (ownPool) pool?.close();
  }

  if (process.env.INTERLEAVE_PARALLEL_DEBUG) console.error(`parallel: ${JSON.stringify({ ...debug, seconds: (performance.now() - started) / 1000 })}`);
  // The report, as explore gives it.
  let seconds = (performance.now() - started) / 1000;
  const pathTo = (id: number): number[] => {
    const path: number[] = [];
    for (let x = id; x !== NO_PARENT; ) {
      const w = x % N;
      const local = (x - w) / N;
      const chunk = local >>> COLUMN_BITS;
      const i = local & (COLUMN_CHUNK - 1);
      path.push(labelCols[w][chunk][i]);
      x = parentCols[w][chunk][i];
    }
    return path.reverse();
  };
  let verdict: Verdict;
  const violated = chosen !== undefined && chosen.kind !== 'deadlock';
  if (error !== undefined) verdict = 'error';
  else if (violated) verdict = 'violation';
  else if (chosen !== undefined) verdict = 'deadlock';
  else if (limit !== undefined) verdict = 'incomplete';
  else if (pending.length > 0) verdict = 'violation';
  else verdict = 'pass';
  const complete = verdict !== 'incomplete' && verdict !== 'error' && chosen === undefined;
  const violatedName = violated ? c.properties[(chosen as LevelEvent).prop].name : undefined;
  const properties: PropertyReport[] = c.properties.map((p, i) => {
    let status: PropertyStatus;
    if (isLiveness(p.kind)) status = 'unknown';
    else if (p.kind !== 'sometimes') status = violatedName === p.name ? 'violated' : complete ? 'holds' : 'unknown';
    else status = witnessAt.has(i) ? 'witnessed' : complete ? 'unwitnessed' : 'unknown';
    return { name: p.name, kind: p.kind, status, description: p.description };
  });
  let counterexample: Trace | undefined;
  const witnesses: Record<string, Trace> = {};
  try {
    sharing.sync();
    if (chosen !== undefined && error === undefined) {
      const e = chosen;
      const path = e.kind === 'outside' ? [...(e.id === NO_PARENT ? [] : pathTo(e.id)), e.label] : pathTo(e.id);
      counterexample = e.kind === 'deadlock' ? rebuildTrace(c, path, 'deadlock') : rebuildTrace(c, path, 'violation', { name: c.properties[e.prop].name, kind: c.properties[e.prop].kind });
    }
    if (error === undefined) for (const [prop, id] of witnessAt) witnesses[c.properties[prop].name] = rebuildTrace(c, pathTo(id), 'witness', { name: c.properties[prop].name, kind: 'sometimes' });
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error ??= describeError(e);
    verdict = 'error';
  }
  seconds = (performance.now() - started) / 1000;
  let reason = counterexample?.reason;
  if (reason === undefined && verdict === 'violation') {
    const missing = c.properties.find((p, i) => p.kind === 'sometimes' && !witnessAt.has(i));
    if (missing) reason = defaultReason(missing);
  }
  let columnBytes = 0;
  for (const col of parentCols) columnBytes += col.length * COLUMN_CHUNK_BYTES;
  return {
    model: c.name,
    verdict,
    exitCode: exitCodeOf(verdict),
    strategy: 'bfs',
    distinctStates: distinct,
    transitions,
    maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(distinct / seconds) : 0,
    properties,
    counterexample,
    ...(reason !== undefined ? { reason } : {}),
    witnesses,
    limit: verdict === 'incomplete' ? limit : undefined,
    error,
    engineBytes: slots.byteLength + columnBytes + peakFrontierBytes,
    stats: { ...(c.stats?.() ?? {}), ...(memoAdopted > 0 ? { 'memo.tables adopted by workers': memoAdopted } : {}), ...(c.constraint !== undefined || c.actionConstraint !== undefined ? { 'successors outside the constraint': outside } : {}) },
    ...(c.summary ? { summary: c.summary() } : {}),
    reductions: [],
    workers: N,
  };
}
