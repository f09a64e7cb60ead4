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

/** Budget of the abstraction: local states over all processes, and handler calls. */
export const ABSTRACT_STATES = 2_000;
export const ABSTRACT_CALLS = 10_000;

/** What the explorer sees of a system's reduction. */
export interface PorHooks {
  /** Why the reduction is not applied (full search), or undefined. */
  readonly unsupported?: string;
  /** Switch on property read tracking (before the search). */
  start(): void;
  /** Increases whenever a property read something not read before (the search must run again). */
  readonly version: number;
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
  receive(p: number, from: number, comp: number, m: number): PorStep;
  /** The local state and workload counters of a component (compared field by field for visibility). */
  stateOf(comp: number): unknown;
  usedOf(comp: number): readonly number[];
  /** The distinct messages of a channel content (entries are messages: no causality under por). */
  distinct(c: number): Int32Array;
  head(c: number): number;
  expand(v: Int32Array, emit: (s: Int32Array, l: number) => void, mask: number): void;
}

const ALL = -1;

/** The reduction hooks of one system. */
export function porHooks(sys: PorSystem): PorHooks {
  const { n, C, CHAN, chanFrom, chanTo, isFifo, EMPTY } = sys;
  let version = 0;
  let tracking = false;
  const readFields = new Set<string>(); // fields of local states some property read
  const readParts = new Set<string>(); // parts of the global state (channels, used, …)
  let wholeState = false; // a property enumerated a local state's fields

  // ---- the abstraction: who may still send to whom ------------------------------------------------
  /** mayTo[p].get(comp): mask of processes p may send to from comp on (ALL when unknown). */
  let mayTo: Map<number, number>[] | undefined;
  let abstractStates = 0;
  let abstractGaveUp = false;
  const abstraction = (): void => {
    const inbox: { from: number; m: number }[][] = Array.from({ length: n }, () => []);
    const inboxKeys: Set<number>[] = Array.from({ length: n }, () => new Set());
    const comps: number[][] = Array.from({ length: n }, () => []);
    const index: Map<number, number>[] = Array.from({ length: n }, () => new Map());
    const done: number[][] = Array.from({ length: n }, () => []); // inbox entries processed per comp
    const localDone: boolean[][] = Array.from({ length: n }, () => []);
    const succs: number[][][] = Array.from({ length: n }, () => []);
    const sendMask: number[][] = Array.from({ length: n }, () => []);
    let calls = 0;
    const visit = (p: number, comp: number): number => {
      let i = index[p].get(comp);
      if (i !== undefined) return i;
      i = comps[p].length;
      index[p].set(comp, i);
      comps[p].push(comp);
      done[p].push(0);
      localDone[p].push(false);
      succs[p].push([]);
      sendMask[p].push(0);
      abstractStates++;
      return i;
    };
    const take = (p: number, i: number, o: PorStep): void => {
      const j = visit(p, o.next);
      succs[p][i].push(j);
      for (let k = 0; k < o.sends.length; k += 2) {
        const to = chanTo[o.sends[k]];
        sendMask[p][i] |= 1 << to;
        const key = p * 0x1000000 + o.sends[k + 1];
        if (!inboxKeys[to].has(key)) {
          inboxKeys[to].add(key);
          inbox[to].push({ from: p, m: o.sends[k + 1] });
        }
      }
    };
    const init = sys.initialComps();
    for (let p = 0; p < n; p++) visit(p, init[p]);
    try {
      let changed = true;
      while (changed) {
        changed = false;
        for (let p = 0; p < n; p++) {
          for (let i = 0; i < comps[p].length; i++) {
            if (abstractStates > ABSTRACT_STATES || calls > ABSTRACT_CALLS) throw new Error('budget');
            if (!localDone[p][i]) {
              localDone[p][i] = true;
              for (const o of sys.localSteps(p, comps[p][i])) take(p, i, o);
              calls++;
              changed = true;
            }
            while (done[p][i] < inbox[p].length) {
              const { from, m } = inbox[p][done[p][i]++];
              let o: PorStep | undefined;
              try {
                o = sys.receive(p, from, comps[p][i], m);
              } catch {
                // A handler that fails on this combination (one no run may reach, e.g. a second
                // token): nothing is known of what follows, so p may send to anyone from here on.
                sendMask[p][i] = ALL;
              }
              if (o !== undefined) take(p, i, o);
              calls++;
              changed = true;
            }
          }
        }
      }
    } catch {
      // Over budget (or a local step failed): know nothing.
      abstractGaveUp = true;
      mayTo = undefined;
      return;
    }
    // Backward closure: what each local state may send to from then on.
    mayTo = Array.from({ length: n }, () => new Map());
    for (let p = 0; p < n; p++) {
      const m = sendMask[p].slice();
      let again = true;
      while (again) {
        again = false;
        for (let i = 0; i < m.length; i++) {
          let x = m[i];
          for (const j of succs[p][i]) x |= m[j];
          if (x !== m[i]) {
            m[i] = x;
            again = true;
          }
        }
      }
      comps[p].forEach((comp, i) => (mayTo as Map<number, number>[])[p].set(comp, m[i]));
    }
  };
  const mayEverSend = (r: number, comp: number, x: number): boolean => {
    if (mayTo === undefined) return true;
    const m = mayTo[r].get(comp);
    return m === undefined ? true : (m & (1 << x)) !== 0;
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
  /** Enabled steps of p in v (count), or -1 if one is visible. */
  const enabledOf = (v: Int32Array, p: number): number => {
    let k = 0;
    for (const o of sys.localSteps(p, v[p])) {
      if (visible(o, false)) return -1;
      k++;
    }
    for (let ch = 0; ch < C; ch++) {
      if (chanTo[ch] !== p) continue;
      const c = v[CHAN + ch];
      if (c === EMPTY) continue;
      const ms = isFifo ? [sys.head(c)] : sys.distinct(c);
      for (const m of ms) {
        if (visible(sys.receive(p, chanFrom[ch], v[p], m), true)) return -1;
        k++;
      }
    }
    return k;
  };
  const chanOf = (from: number, to: number): number => from * (n - 1) + (to < from ? to : to - 1);
  const ample = (v: Int32Array): number => {
    if (mayTo === undefined && !abstractGaveUp) abstraction();
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
      // The closure of {p}.
      let mask = 1 << p;
      const work = [p];
      let ok = true;
      while (work.length && ok) {
        const x = work.pop() as number;
        for (let r = 0; r < n; r++) {
          if (r === x || mask & (1 << r)) continue;
          if (isFifo && v[CHAN + chanOf(r, x)] !== EMPTY) continue;
          if (!mayEverSend(r, v[r], x)) continue;
          if (count[r] < 0) {
            ok = false;
            break;
          }
          mask |= 1 << r;
          work.push(r);
        }
      }
      if (!ok) continue;
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
    if (best === 0) fully++;
    else partly++;
    return best;
  };

  return {
    unsupported: sys.unsupported ?? (n > 30 ? `n=${n} (at most 30 processes)` : undefined),
    start() {
      tracking = true;
    },
    get version() {
      return version;
    },
    ample,
    expandSome: (v, mask, emit) => sys.expand(v, emit, mask),
    stats: () => ({ 'por.partlyExpanded': partly, 'por.fullyExpanded': fully, 'por.abstractLocalStates': abstractGaveUp ? -1 : abstractStates, 'por.readFields': wholeState ? -1 : readFields.size }),
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
