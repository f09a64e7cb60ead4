/**
 * One thread's part of a parallel breadth-first search level: it claims batches of the frontier
 * through a shared cursor, expands them, inserts successors into the shared table, and keeps the
 * states it found first (the next frontier's share), their parent links and labels, in shared
 * chunks the other threads and the main thread read. The main thread runs one too.
 */
import { derived, lanesOf, withDelta } from '../fingerprint.ts';
import { allocationRefused, describeError, ModelError } from '../errors.ts';
import type { Compiled, CompiledProperty } from '../model.ts';
import { beat } from '../running.ts';
import { DEBUG, threadCpuMs } from './debug.ts';
import { BLOCK, C, COLUMN_BITS, COLUMN_CHUNK, FRONTIER_CHUNK_INTS, contains, insert, insertAlone, labelsOf, newColumnChunk, parentsOf } from './shared.ts';

export type EventKind = 'violation' | 'outside' | 'quiescent' | 'deadlock';

/** Something that ends the search, found in a level: a counterexample's last state. */
export interface LevelEvent {
  readonly kind: EventKind;
  /** Index in the model's properties (-1 for a deadlock). */
  readonly prop: number;
  /** The state (for `outside`, its parent). */
  readonly id: number;
  /** For `outside`: the step's label. */
  readonly label: number;
  /** Fingerprint of the state (unsigned halves), to choose among events deterministically. */
  readonly f1: number;
  readonly f2: number;
  /** Steps in its trace. */
  readonly len: number;
}

export interface Witness {
  readonly prop: number;
  readonly id: number;
  readonly f1: number;
  readonly f2: number;
}

export interface Segment {
  readonly chunks: readonly SharedArrayBuffer[];
  readonly count: number;
}

export interface LevelOrder {
  readonly type: 'level';
  readonly gen: number;
  readonly level: number;
  /** States at this level are not expanded (--max-depth): only checked for a successor not yet seen. */
  readonly cut: boolean;
  readonly segments: readonly Segment[];
  /**
   * The frontier's order: triples (segment, index of a record in it, index of that record in the
   * frontier), by frontier index, each the first of a run of records the next triple's starts
   * (the last's runs to the end). A run is what one batch of the level before found, and the runs
   * are in the order of those batches: the sequential search's order, so that states expanded one
   * after the other share successors the look-up cache remembers (one segment per thread, batches
   * interleaved, took 38% more table probes per expansion than one thread).
   */
  readonly runs: Int32Array;
  readonly table: SharedArrayBuffer;
  readonly tableGen: number;
  /** Indexes (in the model's properties) of the `sometimes` properties still unwitnessed. */
  readonly pending: readonly number[];
  /**
   * With a worker's first level: the main thread's memo tables (Compiled.memoSnapshot), so that
   * the worker starts with the results the first levels computed instead of computing them again
   * in code it has not compiled yet.
   */
  readonly memo?: unknown;
}

export interface LevelResult {
  readonly type: 'done';
  /** The job (WorkerPool.start) whose level this was: a thread left behind by an earlier search on the same pool may post its result late. */
  readonly jobId?: number;
  readonly gen: number;
  readonly out: Segment;
  /** Triples (first frontier index of a batch, first record of `out` it found, records it found), one per batch that found any. */
  readonly runs: readonly number[];
  /** New column chunks (parents and labels, see shared.ts COLUMN_CHUNK_BYTES). */
  readonly columns: readonly SharedArrayBuffer[];
  readonly states: number;
  readonly transitions: number;
  readonly outside: number;
  readonly depthCut: boolean;
  readonly events: readonly LevelEvent[];
  readonly witnesses: readonly Witness[];
  /** What the level threw: a model's error, the engine's (an internal error), or a refused allocation (`memory`: the memory limit). */
  readonly error?: { readonly message: string; readonly model: boolean; readonly memory?: boolean };
  /** In exact mode: the level stopped early (an event, or --max-states). */
  readonly halted?: 'event' | 'states';
  /** A worker's first level: the memo tables it adopted from the main thread's (LevelOrder.memo). */
  readonly adopted?: number;
  /** INTERLEAVE_PARALLEL_DEBUG: this thread's CPU time in the level (ms) and the states it expanded. */
  readonly cpu?: number;
  readonly expanded?: number;
}

/** Sets the table a thread inserts into (after it grew). */
export interface TableRef {
  slots: Int32Array;
  mask: number;
}

const RECENT_BITS = 14;

/** An empty array whose elements kind is already "objects" (not small integers). */
function objects<T>(): T[] {
  const a = [null] as unknown as T[];
  a.pop();
  return a;
}
/** INTERLEAVE_PARALLEL_DEBUG with INTERLEAVE_PARALLEL_MAIN_IDLE=1: the main thread leaves the parallel levels to the workers (an experiment). */
const MAIN_IDLE = DEBUG && process.env.INTERLEAVE_PARALLEL_MAIN_IDLE === '1';

export class Participant {
  readonly W: number;
  private readonly R: number;
  private readonly perChunk: number;
  // Shared table and a cache of recent look-ups (all in the table).
  private slots: Int32Array;
  private mask: number;
  private readonly recent = new Int32Array(2 << RECENT_BITS);
  // Output: the next frontier's share, in chunks.
  // Arrays that live as long as the participant, emptied rather than replaced, and made with
  // object elements from the start: the optimised code that pushes to them is not thrown away
  // when a level begins (a new field value or a new array's elements kind deoptimises it).
  private outChunks = objects<SharedArrayBuffer>();
  private outViews = objects<Int32Array>();
  private outCount = 0;
  // The chunk being written (at first an empty one, full).
  private outChunk: Int32Array = new Int32Array(new SharedArrayBuffer(0));
  private outOffset = 0;
  private readonly chunkInts: number;
  private mine = objects<SharedArrayBuffer>(); // my chunks in the frontier being read
  private readonly spare = objects<SharedArrayBuffer>();
  // Columns.
  private readonly parentChunks = objects<Uint32Array>();
  private readonly labelChunks = objects<Uint16Array>();
  private readonly newColumns = objects<SharedArrayBuffer>();
  /** States this thread found first. */
  length = 0;
  // Per level.
  private states = 0;
  private transitions = 0;
  private outside = 0;
  private depthCut = false;
  private events: LevelEvent[] = [];
  private witnesses: Witness[] = [];
  private pending: number[] = [];
  private unreported = 0;
  private halted: LevelResult['halted'];
  private expanded = 0;
  private runs: number[] = [];
  /** Exact mode: this thread alone, in the sequential search's order, stopping where it stops. */
  exact = false;
  /** States and transitions of the levels before this one (for the progress counters). */
  countedStates = 0;
  countedTransitions = 0;
  /** Main thread: called every 1,024 expansions; true stops the search (a limit). */
  tick: (() => boolean) | undefined;

  // The state being expanded and what the successor callback needs of it (fields, so that the
  // callback is one function for the whole search: the model's call site of it stays monomorphic).
  private readonly cur: Int32Array;
  private readonly v: Int32Array;
  private readonly lanes = new Int32Array(2);
  private parentId = 0;
  private p1 = 0;
  private p2 = 0;
  private successors = 0;
  private len = 0;
  private seg = 0;
  private expansions = 0;
  private readonly constrained: boolean;
  private readonly onSuccessor: (s: Int32Array, label: number, delta?: Int32Array) => void;

  private readonly always: { p: CompiledProperty; i: number }[];
  private readonly quiescent: { p: CompiledProperty; i: number }[];
  private readonly checkDeadlock: boolean;

  constructor(
    readonly c: Compiled,
    readonly w: number,
    readonly N: number,
    readonly ctl: Int32Array,
    readonly counters: Float64Array,
    checkDeadlock: boolean,
    /** Called when the table must grow (by the thread that found it full; see `pause`). */
    private readonly onGrow: () => void,
  ) {
    this.W = c.width;
    this.R = c.width + 1;
    this.perChunk = Math.max(1, Math.floor(FRONTIER_CHUNK_INTS / this.R));
    this.chunkInts = this.perChunk * this.R;
    this.outOffset = this.chunkInts;
    this.slots = new Int32Array(0);
    this.mask = 0;
    this.always = c.properties.map((p, i) => ({ p, i })).filter((x) => x.p.kind === 'always');
    this.quiescent = c.properties.map((p, i) => ({ p, i })).filter((x) => x.p.kind === 'quiescent');
    this.checkDeadlock = checkDeadlock;
    this.cur = new Int32Array(this.R);
    this.v = this.cur.subarray(1);
    this.constrained = c.constraint !== undefined || c.actionConstraint !== undefined;
    this.onSuccessor = (s, label, delta) => this.successor(s, label, delta);
  }

  setTable(slots: Int32Array): void {
    this.slots = slots;
    this.mask = (slots.length >> 1) - 1;
  }

  /** The parent and label columns of this thread (for the main thread's copy of its own). */
  columns(): { parents: Uint32Array[]; labels: Uint16Array[] } {
    return { parents: this.parentChunks, labels: this.labelChunks };
  }

  private fresh(): SharedArrayBuffer {
    return this.spare.pop() ?? new SharedArrayBuffer(this.perChunk * this.R * 4);
  }

  /** Records a state this thread found first; gives its id. */
  private record(v: Int32Array, parent: number, label: number): number {
    const local = this.length;
    const c = local >>> COLUMN_BITS;
    if (c === this.parentChunks.length) {
      const chunk = newColumnChunk();
      this.parentChunks.push(parentsOf(chunk));
      this.labelChunks.push(labelsOf(chunk));
      this.newColumns.push(chunk);
    }
    const i = local & (COLUMN_CHUNK - 1);
    this.parentChunks[c][i] = parent;
    this.labelChunks[c][i] = label;
    this.length = local + 1;
    const id = local * this.N + this.w;
    // The frontier record: id, then the vector.
    if (this.outOffset === this.chunkInts) {
      const sab = this.fresh();
      this.outChunks.push(sab);
      this.outChunk = new Int32Array(sab);
      this.outViews.push(this.outChunk);
      this.outOffset = 0;
    }
    const o = this.outOffset;
    const chunk = this.outChunk;
    chunk[o] = id;
    const W = this.W;
    for (let k = 0; k < W; k++) chunk[o + 1 + k] = v[k];
    this.outOffset = o + this.R;
    this.outCount++;
    this.states++;
    return id;
  }

  /** Adds the initial state v (main thread, exact mode, before the first level). */
  addInitial(v: Int32Array, label: number, lanes: Int32Array): boolean {
    lanesOf(v, this.W, lanes);
    const h1 = lanes[0] || 1;
    const h2 = lanes[1] || 1;
    if (!insertAlone(this.slots, this.mask, h1, h2)) return false;
    // -1 is stored as NO_PARENT (0xffffffff) in the Uint32 column; passed as a small integer, so
    // that `record` sees only small integers.
    const id = this.record(v, -1, label);
    this.countInsert();
    this.checkNew(v, id, h1, h2, 0);
    return true;
  }

  private countInsert(): void {
    if (++this.unreported === BLOCK) {
      this.unreported = 0;
      const total = Atomics.add(this.ctl, C.TOTAL, BLOCK) + BLOCK;
      if (total > this.ctl[C.GROW_AT]) {
        Atomics.store(this.ctl, C.GROW, 1);
        this.onGrow();
      } else if (this.ctl[C.GROW] === 1) this.onGrow();
    }
  }

  /** Invariants and witnesses of a state just found (trace length len). */
  private checkNew(v: Int32Array, id: number, h1: number, h2: number, len: number): void {
    if (this.halted) return;
    const always = this.always;
    for (let i = 0; i < always.length; i++) {
      if (!always[i].p.holds(v)) {
        this.event({ kind: 'violation', prop: always[i].i, id, label: 0, f1: h1 >>> 0, f2: h2 >>> 0, len });
        return;
      }
    }
    const pending = this.pending;
    if (pending.length) {
      let found = false;
      for (let k = 0; k < pending.length; k++) {
        const prop = pending[k];
        if (!this.c.properties[prop].holds(v)) continue;
        found = true;
        const f1 = h1 >>> 0;
        const f2 = h2 >>> 0;
        const at = this.witnesses.findIndex((x) => x.prop === prop);
        if (at < 0) this.witnesses.push({ prop, id, f1, f2 });
        else if (!this.exact) {
          const old = this.witnesses[at];
          if (f1 < old.f1 || (f1 === old.f1 && f2 < old.f2)) this.witnesses[at] = { prop, id, f1, f2 };
        }
      }
      // In exact mode the first witness (in the sequential order) is kept and the property is done.
      if (found && this.exact) this.pending = pending.filter((p) => !this.witnesses.some((x) => x.prop === p));
    }
  }

  private event(e: LevelEvent): void {
    this.events.push(e);
    if (this.exact) this.halted = 'event';
  }

  /** The initial states (added before the first level): their segment, events and witnesses. */
  initial(): { segment: Segment; views: Int32Array[]; states: number; events: LevelEvent[]; witnesses: Witness[] } {
    const r = { segment: { chunks: this.outChunks.slice(), count: this.outCount }, views: this.outViews.slice(), states: this.states, events: this.events, witnesses: this.witnesses };
    this.countedStates += this.states;
    this.states = 0;
    this.events = [];
    this.witnesses = [];
    return r;
  }

  /** Sets the `sometimes` properties still to witness (before the initial states are added). */
  setPending(pending: readonly number[]): void {
    this.pending = pending.slice();
  }

  /** Gives back the chunks of the frontier before last, to be written again. */
  private turn(): void {
    for (const s of this.mine) this.spare.push(s);
    const emptied = this.mine;
    emptied.length = 0;
    this.mine = this.outChunks;
    this.outChunks = emptied;
    this.outViews.length = 0;
    this.outChunk = new Int32Array(new SharedArrayBuffer(0));
    this.outOffset = this.chunkInts;
    this.outCount = 0;
  }

  /** Runs one level over the frontier `views` (per segment, per chunk). */
  runLevel(order: LevelOrder, views: Int32Array[][]): LevelResult {
    this.turn();
    this.states = 0;
    this.transitions = 0;
    this.outside = 0;
    this.depthCut = false;
    this.events = [];
    this.witnesses = [];
    this.pending = order.pending.slice();
    this.halted = undefined;
    this.runs = [];
    let error: LevelResult['error'];
    const cpu0 = DEBUG ? threadCpuMs() : 0;
    this.expanded = 0;
    try {
      this.expandLevel(order, views);
    } catch (e) {
      error = { message: describeError(e), model: e instanceof ModelError, ...(allocationRefused(e) ? { memory: true } : {}) };
      Atomics.store(this.ctl, C.STOP, 1);
    }
    const result: LevelResult = {
      type: 'done',
      gen: order.gen,
      out: { chunks: this.outChunks.slice(), count: this.outCount },
      runs: this.runs,
      columns: this.newColumns.slice(),
      states: this.states,
      transitions: this.transitions,
      outside: this.outside,
      depthCut: this.depthCut,
      events: this.events,
      witnesses: this.witnesses,
      ...(error ? { error } : {}),
      ...(this.halted ? { halted: this.halted } : {}),
      ...(DEBUG ? { cpu: threadCpuMs() - cpu0, expanded: this.expanded } : {}),
    };
    this.newColumns.length = 0;
    this.countedStates += this.states;
    this.countedTransitions += this.transitions;
    this.counters[2 * this.w] = this.countedStates;
    this.counters[2 * this.w + 1] = this.countedTransitions;
    return result;
  }

  private expandLevel(order: LevelOrder, views: Int32Array[][]): void {
    if (MAIN_IDLE && this.w === 0 && !this.exact) return;
    const ctl = this.ctl;
    const counters = this.counters;
    this.len = order.level + 1;
    const runs = order.runs;
    let F = 0;
    for (const s of order.segments) F += s.count;
    this.seg = 0;
    this.expansions = 0;
    const batch = Math.max(1, this.ctl[C.BATCH]);
    let passes = 0;
    for (;;) {
      if (this.halted !== undefined || Atomics.load(ctl, C.STOP) === 1) return;
      if (ctl[C.GROW] === 1) this.onGrow();
      // Exact mode: the whole frontier in order, in one pass.
      if (this.exact && passes++ > 0) return;
      const b = this.exact ? 0 : Atomics.add(ctl, C.CURSOR, batch);
      if (b >= F) return;
      const e = this.exact ? F : Math.min(F, b + batch);
      const o = this.outCount;
      const stop = order.cut ? this.cutRange(views, runs, F, b, e) : this.expandRange(views, runs, F, b, e);
      if (this.outCount > o) this.runs.push(b, o, this.outCount - o);
      counters[2 * this.w] = this.countedStates + this.states;
      counters[2 * this.w + 1] = this.countedTransitions + this.transitions;
      if (stop) return;
      if (!this.exact) {
        const max = ctl[C.MAX_STATES];
        if (max > 0 && Atomics.load(ctl, C.TOTAL) >= max) Atomics.store(ctl, C.STOP, 1);
      }
    }
  }

  /**
   * Loads frontier state i (of F, placed by `runs`) into this.cur; also beats and,
   * in the main thread, checks the limits every 1,024 expansions: true when the search must stop.
   */
  private load(views: Int32Array[][], runs: Int32Array, i: number): boolean {
    // this.seg: the run of the state loaded last (its offset in runs); a thread's batches go forward.
    let k = this.seg;
    const last = runs.length - 3;
    while (k < last && i >= runs[k + 5]) k += 3;
    while (k > 0 && i < runs[k + 2]) k -= 3;
    this.seg = k;
    const r = runs[k + 1] + (i - runs[k + 2]);
    const perChunk = this.perChunk;
    const ci = (r / perChunk) | 0;
    const chunk = views[runs[k]][ci];
    const R = this.R;
    const off = (r - ci * perChunk) * R;
    const cur = this.cur;
    for (let k = 0; k < R; k++) cur[k] = chunk[off + k];
    const expansions = ++this.expansions;
    if ((expansions & 63) === 0) {
      beat();
      const tick = this.tick;
      if (tick !== undefined && (expansions & 1023) === 0) {
        const ctl = this.ctl;
        this.counters[2 * this.w] = this.countedStates + this.states;
        this.counters[2 * this.w + 1] = this.countedTransitions + this.transitions;
        if (tick()) Atomics.store(ctl, C.STOP, 1);
        if (Atomics.load(ctl, C.STOP) === 1) return true;
      }
    }
    return false;
  }

  /** Expands frontier states b to e (of F); true when the level must stop. */
  private expandRange(views: Int32Array[][], runs: Int32Array, F: number, b: number, e: number): boolean {
    const c = this.c;
    const W = this.W;
    const v = this.v;
    const cur = this.cur;
    const lanes = this.lanes;
    const within = c.within;
    const onSuccessor = this.onSuccessor;
    for (let i = b; i < e; i++) {
      if (this.load(views, runs, i)) return true;
      if (within !== undefined && !within(v)) continue;
      const id = cur[0];
      this.parentId = id;
      this.expanded++;
      lanesOf(v, W, lanes);
      const p1 = lanes[0];
      const p2 = lanes[1];
      this.p1 = p1;
      this.p2 = p2;
      this.successors = 0;
      c.expand(v, onSuccessor);
      const successors = this.successors;
      this.transitions += successors;
      if (this.halted !== undefined) return true;
      if (successors === 0) {
        const f1 = (p1 || 1) >>> 0;
        const f2 = (p2 || 1) >>> 0;
        const len = this.len - 1;
        let q = false;
        for (const x of this.quiescent) {
          if (!x.p.holds(v)) {
            this.event({ kind: 'quiescent', prop: x.i, id, label: 0, f1, f2, len });
            q = true;
            break;
          }
        }
        if (this.halted !== undefined) return true;
        if (!q && this.checkDeadlock && !c.isEnd(v)) {
          this.event({ kind: 'deadlock', prop: -1, id, label: 0, f1, f2, len });
          if (this.halted !== undefined) return true;
        }
      }
      if (this.exact) {
        const max = this.ctl[C.MAX_STATES];
        if (max > 0 && Atomics.load(this.ctl, C.TOTAL) + this.unreported >= max && (i + 1 < F || this.outCount > 0)) {
          this.halted = 'states';
          return true;
        }
      }
    }
    return false;
  }

  /** --max-depth: states b to e are not expanded, only checked for a successor not yet seen. */
  private cutRange(views: Int32Array[][], runs: Int32Array, F: number, b: number, e: number): boolean {
    const c = this.c;
    const W = this.W;
    const v = this.v;
    const lanes = this.lanes;
    const { constraint, actionConstraint } = c;
    const constrained = constraint !== undefined || actionConstraint !== undefined;
    for (let i = b; i < e; i++) {
      if (this.load(views, runs, i)) return true;
      if (c.within !== undefined && !c.within(v)) continue;
      if (this.depthCut) continue;
      c.expand(v, (s) => {
        if (this.depthCut) return;
        lanesOf(s, W, lanes);
        if (!contains(this.slots, this.mask, lanes[0] || 1, lanes[1] || 1) && (!constrained || ((constraint === undefined || constraint(s)) && (actionConstraint === undefined || actionConstraint(v, s))))) this.depthCut = true;
      });
    }
    void F;
    return false;
  }

  /** A successor s of the state being expanded (this.v), by step `label`. */
  private successor(s: Int32Array, label: number, delta: Int32Array | undefined): void {
    this.successors++;
    if (this.halted !== undefined) return;
    const lanes = this.lanes;
    const changed = delta !== undefined ? withDelta(delta, this.v, this.p1, this.p2, lanes) : derived(s, this.v, this.W, this.p1, this.p2, lanes);
    if (changed === 0) return;
    const c = this.c;
    if (this.constrained && !((c.constraint === undefined || c.constraint(s)) && (c.actionConstraint === undefined || c.actionConstraint(this.v, s)))) {
      this.outside++;
      const always = this.always;
      for (let i = 0; i < always.length; i++) {
        if (!always[i].p.holds(s)) {
          this.event({ kind: 'outside', prop: always[i].i, id: this.parentId, label, f1: (lanes[0] || 1) >>> 0, f2: (lanes[1] || 1) >>> 0, len: this.len });
          return;
        }
      }
      return;
    }
    const h1 = lanes[0] || 1;
    const h2 = lanes[1] || 1;
    const recent = this.recent;
    const r = ((h2 ^ Math.imul(h1, 0x9e3779b1)) >>> (32 - RECENT_BITS)) << 1;
    if (recent[r] === h1 && recent[r + 1] === h2) return;
    recent[r] = h1;
    recent[r + 1] = h2;
    // Exact mode: this thread alone inserts (no worker takes part in the level).
    if (!(this.exact ? insertAlone(this.slots, this.mask, h1, h2) : insert(this.slots, this.mask, h1, h2))) return;
    const id = this.record(s, this.parentId, label);
    this.checkNew(s, id, h1, h2, this.len);
    this.countInsert();
  }

  /** The exact count not yet reported to C.TOTAL (added at the end of a level). */
  takeUnreported(): number {
    const u = this.unreported;
    this.unreported = 0;
    return u;
  }
}
