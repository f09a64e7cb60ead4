/**
 * Partial-order reduction for protocol systems (`--por`): at each state the explorer expands an
 * ample set, the enabled steps of a set S of processes, instead of every enabled step, when
 *
 *  C0  S has an enabled step, and some process outside S has one too (else: full expansion);
 *  C1  S is closed (a persistent set): for every process x in S and every other process r, if r
 *      may put a message in front of x before x acts (FIFO: the channel r→x is empty; unordered:
 *      any channel r→x), then r is in S, unless r can never send to x again from its current
 *      local state. Steps of different processes touch different local states and commute on
 *      channels (one appends at the tail, the other takes from a non-empty channel), so every
 *      step outside S, before S acts, is independent of S's steps;
 *  C2  every step of S is invisible: it changes no field of a local state (nor workload counter,
 *      channel) that a property reads. The read sets are learned: property evaluations are
 *      recorded, and a search during which a property read something new is run again with the
 *      larger set (a stuttering-equivalent reduced run reaches a state that agrees on the old set
 *      with the full run's state, whose evaluation then reads the same new field);
 *  C3  the cycle proviso, valid for any search order: if a step of the ample set leads back to a
 *      state already found (visited or queued), the state is expanded fully (the explorer
 *      checks this). Every edge of the reduced graph from a partly expanded state then goes to a
 *      newer state, so every cycle holds a fully expanded state.
 *
 * "r can never send to x again" comes from a conservative over-approximation computed once: each
 * process's local states reachable by its local actions and by receiving any message some process
 * may send to it (the messages ever sent, as a set that only grows), to a fixed point. It is
 * given up (every process may send to every other) when it exceeds a budget: for protocols whose
 * local states are unbounded under this abstraction (Lamport clocks, counters), C1 then asks for
 * every process whose channel is empty, and the reduction is small.
 *
 * Deadlocks are preserved by C0–C1 (a persistent set is empty only where every step is); safety
 * properties and `sometimes` witnesses by C0–C3. Liveness is not (the explorer refuses it). Not
 * applied (full search) with crashes, lossy or duplicating networks and observers, whose steps
 * touch shared state.
 */

import { SendAbstraction, explain } from './por-sends.ts';

/** What the explorer sees of a system's reduction. */
export interface PorHooks {
  /** Why the reduction is not applied (full search), or undefined. */
  readonly unsupported?: string;
  /** Switch on property read tracking (before the search). */
  start(): void;
  /** Increases whenever a property read something not read before (the search must run again). */
  readonly version: number;
  /** Called before each search (again after one whose assumptions failed). */
  begin(): void;
  /** The search met a step that breaks an assumption of the reduction: stop it (it runs again). */
  readonly stale: boolean;
  /** The mask of processes whose enabled steps form an ample set in v, or 0 for none (expand fully). */
  ample(v: Int32Array): number;
  /** Emits the successors by steps of the processes in mask, with the labels of the full expansion. */
  expandSome(v: Int32Array, mask: number, emit: (succ: Int32Array, label: number) => void): void;
  stats(): Record<string, number>;
}

/** What a local step looks like to the reduction. */
export interface PorStep {
  readonly id: number;
  readonly prev: number;
  readonly next: number;
  /** [channel, message, …] */
  readonly sends: Int32Array;
}

export interface PorSystem {
  readonly n: number;
  readonly C: number;
  readonly CHAN: number;
  readonly chanFrom: Int32Array;
  readonly chanTo: Int32Array;
  readonly isFifo: boolean;
  readonly EMPTY: number;
  /** Why the reduction cannot run on this system (crashes, loss, observers…), or undefined. */
  readonly unsupported?: string;
  /** The initial component of each process. */
  initialComps(): number[];
  localSteps(p: number, comp: number): readonly PorStep[];
  /** The type of message m (its type field). */
  typeOf(m: number): string;
  receive(p: number, from: number, comp: number, m: number): PorStep;
  /** The local state and workload counters of a component (compared field by field for visibility). */
  stateOf(comp: number): unknown;
  usedOf(comp: number): readonly number[];
  /** The distinct messages of a channel content (entries are messages: no causality under por). */
  distinct(c: number): Int32Array;
  head(c: number): number;
  expand(v: Int32Array, emit: (s: Int32Array, l: number) => void, mask: number): void;
}

/** The reduction hooks of one system. */
export function porHooks(sys: PorSystem): PorHooks {
  const { n, C, CHAN, chanFrom, chanTo, isFifo, EMPTY } = sys;
  let version = 0;
  /** This search met a step outside the assumed pool of messages: its reduction may be unsound, the explorer stops it and searches again. */
  let stale = false;
  let tracking = false;
  const readFields = new Set<string>(); // fields of local states some property read
  const readParts = new Set<string>(); // parts of the global state (channels, used, …)
  let wholeState = false; // a property enumerated a local state's fields

  // ---- the abstraction: who may still send to whom (checker/reduce/por-sends.ts) ---------------------
  let sends: SendAbstraction | undefined;
  const classes = new Map<string, number>();
  const classOf = (m: number): number => {
    const t = sys.typeOf(m);
    let c = classes.get(t);
    if (c === undefined) classes.set(t, (c = classes.size));
    return c;
  };

  // ---- visibility -----------------------------------------------------------------------------------
  const visibleMemo = new Map<number, boolean>();
  let memoVersion = -1;
  const changedRead = (a: unknown, b: unknown): boolean => {
    if (a === b) return false;
    if (wholeState || typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return true;
    for (const f of readFields) if ((a as Record<string, unknown>)[f] !== (b as Record<string, unknown>)[f] && JSON.stringify((a as Record<string, unknown>)[f]) !== JSON.stringify((b as Record<string, unknown>)[f])) return true;
    return false;
  };
  const visible = (o: PorStep, delivery: boolean): boolean => {
    if (memoVersion !== version) {
      visibleMemo.clear();
      memoVersion = version;
    }
    const k = o.id * 2 + (delivery ? 1 : 0);
    let r = visibleMemo.get(k);
    if (r === undefined && process.env.POR_HACK) {
      const a = sys.stateOf(o.prev) as any, b = sys.stateOf(o.next) as any;
      r = (a.mode === 'HELD') !== (b.mode === 'HELD');
      visibleMemo.set(k, r);
    }
    if (r === undefined) {
      r =
        ((readParts.has('channels') || readParts.has('channelTimes')) && (delivery || o.sends.length > 0)) ||
        readParts.has('events') ||
        (readParts.has('used') && sys.usedOf(o.prev).some((u, i) => u !== sys.usedOf(o.next)[i])) ||
        changedRead(sys.stateOf(o.prev), sys.stateOf(o.next));
      visibleMemo.set(k, r);
    }
    return r;
  };

  // ---- ample sets -----------------------------------------------------------------------------------
  let partly = 0;
  let fully = 0;
  /** Steps whose messages are in the abstraction's pool (when the pool is an assumption), by id. */
  const withinPool = new Set<number>();
  /** Messages outside the assumed pool, met in this search: [from, channel, message]. */
  let outsidePool: [number, number, number][] = [];
  const checkPool = (p: number, o: PorStep): void => {
    if (withinPool.has(o.id)) return;
    if ((sends as SendAbstraction).within(p, o.sends)) withinPool.add(o.id);
    else {
      for (let k = 0; k < o.sends.length; k += 2) outsidePool.push([p, o.sends[k], o.sends[k + 1]]);
      if (!stale) {
        stale = true;
        version++;
      }
    }
  };
  /** Enabled steps of p in v (count), or -1 if one is visible. */
  const enabledOf = (v: Int32Array, p: number): number => {
    let k = 0;
    let vis = false;
    const frozen = (sends as SendAbstraction).frozen;
    for (const o of sys.localSteps(p, v[p])) {
      if (frozen) checkPool(p, o);
      if (visible(o, false)) vis = true;
      k++;
    }
    for (let ch = 0; ch < C; ch++) {
      if (chanTo[ch] !== p) continue;
      const c = v[CHAN + ch];
      if (c === EMPTY) continue;
      const ms = isFifo ? [sys.head(c)] : sys.distinct(c);
      for (const m of ms) {
        const o = sys.receive(p, chanFrom[ch], v[p], m);
        if (frozen) checkPool(p, o);
        if (visible(o, true)) vis = true;
        k++;
      }
    }
    return vis ? -1 : k;
  };
  const chanOf = (from: number, to: number): number => from * (n - 1) + (to < from ? to : to - 1);
  /**
   * The least S containing p closed under C1: a process r outside S joins when it may send to some
   * x in S (FIFO: on an empty channel) before S acts, that is, receiving nothing from a process of
   * S with nothing in flight to r. 0 when a process with a visible step would have to join.
   */
  const closure = (v: Int32Array, p: number, count: Int32Array): number => {
    let mask = 1 << p;
    for (let changed = true; changed; ) {
      changed = false;
      for (let r = 0; r < n; r++) {
        if (mask & (1 << r)) continue;
        let blocked = 0;
        for (let z = 0; z < n; z++) if (mask & (1 << z) && v[CHAN + chanOf(z, r)] === EMPTY) blocked |= 1 << z;
        const to = (sends as SendAbstraction).mayTo(r, v[r], blocked) & mask;
        if (to === 0) continue;
        let joins = !isFifo;
        if (isFifo) for (let x = 0; x < n && !joins; x++) if (to & (1 << x) && v[CHAN + chanOf(r, x)] === EMPTY) joins = true;
        if (!joins) continue;
        if (count[r] < 0) return 0;
        mask |= 1 << r;
        changed = true;
      }
    }
    return mask;
  };
  const ample = (v: Int32Array): number => {
    if (sends === undefined) sends = new SendAbstraction({ n, chanTo, initialComps: sys.initialComps, localSteps: sys.localSteps, receive: sys.receive, classOf });
    if (stale) {
      fully++;
      return 0;
    }
    const count = new Int32Array(n);
    let enabledProcs = 0;
    for (let p = 0; p < n; p++) {
      count[p] = enabledOf(v, p);
      if (count[p] !== 0) enabledProcs++;
    }
    if (enabledProcs < 2) {
      fully++;
      return 0;
    }
    let best = 0;
    let bestSize = Infinity;
    for (let p = 0; p < n; p++) {
      if (count[p] <= 0) continue;
      const mask = closure(v, p, count);
      if (mask === 0) continue;
      let size = 0;
      let outside = false;
      for (let r = 0; r < n; r++) {
        if (mask & (1 << r)) size += count[r];
        else if (count[r] !== 0) outside = true;
      }
      if (!outside || size === 0) continue;
      if (size < bestSize) {
        best = mask;
        bestSize = size;
      }
    }
    if (process.env.POR_DIAG && best === 0 && Math.random() < 0.01) {
      const lines = [];
      for (let q = 0; q < n; q++) lines.push(`P${q} count=${count[q]} ${JSON.stringify(sys.stateOf(v[q]))} used=${sys.usedOf(v[q])} closure=${count[q] > 0 ? closure(v, q, count).toString(2) : '-'} mayTo(blocked none)=${(sends as SendAbstraction).mayTo(q, v[q], 0).toString(2)} mayTo(blocked each)=${[0,1,2].map((z) => (sends as SendAbstraction).mayTo(q, v[q], 1 << z).toString(2)).join('/')}`);
      for (let ch = 0; ch < C; ch++) if (v[CHAN + ch] !== EMPTY) lines.push(`chan ${chanFrom[ch]}->${chanTo[ch]} nonempty`);
      console.error(lines.join('\n') + '\n');
      for (let q = 0; q < n; q++) if (JSON.stringify(sys.stateOf(v[q])).includes('"deferred":[]')) console.error('EXPLAIN', q, explain(sends as SendAbstraction, q, v[q], 1 << ((q + 1) % n), (q + 1) % n, (c) => JSON.stringify(sys.stateOf(c)) + sys.usedOf(c)));
    }
    if (best === 0) fully++;
    else partly++;
    return best;
  };

  return {
    unsupported: sys.unsupported ?? (n > 30 ? `n=${n} (at most 30 processes)` : undefined),
    start() {
      tracking = true;
    },
    begin() {
      if (outsidePool.length > 0) (sends as SendAbstraction).extend(outsidePool);
      outsidePool = [];
      withinPool.clear();
      stale = false;
    },
    get stale() {
      return stale;
    },
    get version() {
      return version;
    },
    ample,
    expandSome: (v, mask, emit) => sys.expand(v, emit, mask),
    stats: () => ({ 'por.partlyExpanded': partly, 'por.fullyExpanded': fully, 'por.abstractNodes': sends === undefined || sends.gaveUp ? -1 : sends.nodes, 'por.readFields': wholeState ? -1 : readFields.size }),
    // Read tracking (used by the system's properties through `track`).
    ...{
      track: <G extends object>(g: G): G => {
        if (!tracking) return g;
        return new Proxy(g, {
          get(target, key, receiver) {
            const x = Reflect.get(target, key, receiver);
            if (typeof key !== 'string') return x;
            if (key === 'procs') return trackProcs(x as readonly unknown[]);
            if (key !== 'n' && key !== 'roles' && key !== 'peers' && !readParts.has(key)) {
              readParts.add(key);
              version++;
            }
            return x;
          },
        });
      },
    },
  } as PorHooks;

  function trackProcs(procs: readonly unknown[]): readonly unknown[] {
    return procs.map((s) => {
      if (typeof s !== 'object' || s === null) {
        if (!wholeState) {
          wholeState = true;
          version++;
        }
        return s;
      }
      return new Proxy(s as object, {
        get(target, key, receiver) {
          if (typeof key === 'string' && !readFields.has(key)) {
            readFields.add(key);
            version++;
          }
          return Reflect.get(target, key, receiver);
        },
        ownKeys(target) {
          if (!wholeState) {
            wholeState = true;
            version++;
          }
          return Reflect.ownKeys(target);
        },
      });
    });
  }
}

/** The tracking wrapper of a system's hooks (properties see the global state through it). */
export function trackerOf(hooks: PorHooks | undefined): (<G extends object>(g: G) => G) | undefined {
  return (hooks as unknown as { track?: <G extends object>(g: G) => G } | undefined)?.track;
}
