/**
 * Partial-order reduction for protocol systems (`--por`): at each state the explorer expands an
 * ample set, the enabled steps of a set S of processes, instead of every enabled step, when
 *
 *  C0  S has an enabled step, and some process outside S has one too (else: full expansion);
 *  C1  the enabled steps of S form a persistent set: along any run from here in which no step of
 *      S is taken, every step is independent of S's steps. Each member of S is frozen (no new
 *      message may reach it: it takes no step on such a run) or open (its enabled steps are all
 *      receipts; every message that may arrive for it commutes with each of them, in every local
 *      state it passes through receiving arrivals and taking the local actions they enable,
 *      checked on the memoised handlers: the same local state and the same sends on every
 *      channel, whichever order; and each such local action commutes with each of them too, and
 *      is still enabled after it). A process r outside S joins S when it may send to a frozen member
 *      x (FIFO: over an empty channel r→x; a message behind a non-empty head commutes with the
 *      head's receipt) on such a run, that is, receiving nothing from a frozen process with nothing
 *      in flight to r; a disabled joiner is frozen; an open member that may send to a frozen one
 *      while receiving arrivals is frozen. Steps of different processes touch different local
 *      states and commute on channels (one appends at the tail, the other takes from a non-empty
 *      channel), so the only dependences left are arrivals, which this rules out or checks;
 *  C2  every step of S is invisible: it changes no field of a local state (nor workload counter,
 *      channel) that a property reads. The read sets are learned: property evaluations are
 *      recorded, and a search during which a property read something new after an ample set was
 *      chosen (a state expanded partly: until then the search expanded every state fully, as the
 *      full search does, whatever the properties read) is run again with the larger set (a stuttering-equivalent reduced run reaches a
 *      state that agrees on the old set with the full run's state, whose evaluation then reads
 *      the same new field). A property declared `readsLocal(p, f, …)` reads local states only
 *      through f, …: its reads of local states are not recorded, and a step is visible to it when
 *      it changes the value of one of those functions (its atomic propositions are then functions
 *      of those values and of the other parts it reads, which is all the stuttering argument
 *      needs; the declaration is tested first, checker/reduce/local-reads-check.ts). Witnesses
 *      (`sometimes`) are left out at first (optimistic): the reduced graph is a subgraph of the
 *      full one from the initial states, so a witness it meets is a reachable state; the
 *      invariants, deadlocks and liveness properties do not depend on the witnesses' reads, so C2
 *      over the other properties preserves them; and a search that ends with a witness not met
 *      (and nothing else found) runs again with the witnesses' reads counted too, where C0–C3
 *      preserve them: the verdict and every property's status are the full search's;
 *  C3  the cycle proviso, valid for any search order: if a step of the ample set leads to a state
 *      already expanded, or back to the state itself, the state is expanded fully (the explorer
 *      checks this). On a cycle of partly expanded states, the one expanded last would have a
 *      step to a state expanded before it, so every cycle of the reduced graph holds a fully
 *      expanded state.
 *
 * "r may send to x on such a run" and "what may arrive" come from a conservative
 * over-approximation computed once (checker/reduce/por-sends.ts): each process explored on its
 * own, counting the messages of each type it has received from each sender, under a pool of
 * messages and per-(sender, receiver, type) bounds, to a fixed point. When the pool is frozen (an
 * assumption, seeded by random runs), every step the search meets is checked against it, and a
 * search that met a message outside it runs again with those messages added (each also on every
 * channel whose pool holds a message of its type: a larger pool is still sound): such a search is a
 * reduced search of a system that stops at that step (where the abstraction is sound), and it
 * would have met the step had the real system reached it.
 *
 * SINGLE RECEIPTS. One invisible receipt t of a process x (its message m at the head of f→x, or
 * under a bag any distinct message there) is an ample set by itself, tried before the sets of
 * whole processes, when every other step x may take while t is not taken commutes with t in every
 * local state x passes through: receipts of what is in flight to x on its other channels (under a
 * bag on f→x too, other than m), receipts of what other processes may still send x (nothing from
 * f under FIFO: it queues behind m), and the local actions enabled now or by those receipts. Steps
 * of other processes commute with t whatever they are: they change other local states, and on
 * channels they append behind or beside m, or take from channels t does not touch; none disables
 * t (only x takes m). So {t} is persistent (C1), invisible (C2), and not every enabled step (C0:
 * another step is enabled, of x or of another process). Not in a causal system (receipts of one
 * process never commute there). What may arrive is bounded per (sender, type) by what is in
 * flight and what may still be sent (below). On Ricart–Agrawala a requester's OKs and a free
 * process's REQUESTs arrive one order only: n=4 keeps 201,142 states, n=3 1,082.
 *
 * SENT COUNTS. The abstraction's bounds say that over any run q sends x at most B(q→x, type)
 * messages of a type. For a state s reached along a path P from the initial state, every run from
 * s extends P to a run, so q sends x at most B less what it sent along P, whatever path the search
 * found first (the runs from s depend on s alone). The explorer keeps, beside each queued state and
 * outside its identity, the counts its first-found path sent on each channel (two bits per
 * (channel, type) with a finite bound, at most MAX_COUNT = 3; interned, one number per state:
 * 1,833 distinct on Ricart–Agrawala n=4), computed from its parent's and the step's sends. Then
 * "may r send x a message of this type before S acts" is false once r has sent B of them, and at
 * most B less the sent count may arrive. Ricart–Agrawala's local state counts OKs but not who sent
 * them: without the counts, every process whose component allows it may still send a waiting one
 * its OK; with them, one that already replied may not. Under the pool assumption (below) the
 * bounds hold for the runs of the system that stops at a message outside the pool, and P is one of
 * its runs (every step the search expanded was checked against the pool), so the argument is the
 * same. C3 is unaffected (it holds for whatever ample set each expansion chooses, and each state is
 * expanded once per search); a search run again starts its counts again (the bounds may have
 * changed). Under symmetry the stored state is a representative, not the end of its path, so the
 * counts are not kept (`ample` is not given them) and the reduction is as without them. (Looking
 * up the receiver's abstract node by its real receipt counts instead of every node of its
 * component was tried: 3,401 states fewer of 470,576 on RA n=4, for much of the cost: not kept.)
 *
 * GIVING UP. The abstraction gives up (every process may send to anyone, nothing is known of what
 * may arrive) beyond a budget of nodes, of receipts tried and of handlers asked (por-sends.ts).
 * Over a network that is not FIFO no set of steps is then ever persistent (each member is frozen,
 * and every other process may send to it, so it joins) and no receipt is one alone: the reduction
 * stops at the first state (`off`), before any set was chosen, so the search is the full search,
 * and the report says so (no reductions; `por.stopped`, `por.abstractionGaveUp`). Over FIFO
 * channels a set may still be persistent (a message behind a non-empty head is received after it),
 * so the reduction goes on without open members or single receipts.
 *
 * Deadlocks are preserved by C0–C1 (a persistent set is empty only where every step is); safety
 * properties and `sometimes` witnesses by C0–C3; liveness on an acyclic reduced graph
 * (checker/reduce/por-liveness.ts). C2 leaves out `quiescent` properties (every state with no step
 * is kept) and properties declared stable (`stable(…)`: C0–C3 reach, for every run, a state that
 * run can still reach, where a stable violation or witness still shows). In a causal system the
 * histories are part of the state: steps of different processes commute on them, receipts of one
 * process do not, so no member is open. Not applied (full search) with crashes, lossy,
 * duplicating or merging networks and observers, whose steps touch shared state, nor from given start
 * states; stopped (a full search again) when a causal system takes a step that declares
 * deliveries (it reads other processes' histories).
 */

import { equalData } from '../values.ts';
import { KeyMemo } from './key-memo.ts';
import { SendAbstraction } from './por-sends.ts';

/** What the explorer sees of a system's reduction. */
export interface PorHooks {
  /** Why the reduction is not applied (full search), or undefined. */
  readonly unsupported?: string;
  /** Switch on property read tracking (before the search). */
  start(): void;
  /** Increases whenever a property read something not read before (the search must run again). */
  readonly version: number;
  /**
   * Whether the reads of `sometimes` properties are kept invisible (C2). False at first: a search
   * is optimistic about witnesses (a witness found is a reachable state whatever C2 kept), and
   * one that ends with a witness not found runs again with them counted (`trackWitnesses`).
   */
  readonly witnessesTracked: boolean;
  /** From now on the reads of `sometimes` properties are kept invisible too (the search must run again). */
  trackWitnesses(): void;
  /** Called before each search (again after one whose assumptions failed). */
  begin(): void;
  /**
   * Why the reduction stopped during a search (a step met that may not commute with other
   * processes' steps): the search runs again, full. Undefined while it applies.
   */
  readonly off?: string;
  /** The system met a step whose effect depends on other processes' state: stop reducing (see `off`). */
  dependent(why: string): void;
  /**
   * The mask of processes whose enabled steps form an ample set in v, or 0 for none (expand fully).
   * `side`: v's sent counts (see expandSome), when the search keeps them; undefined, when it does
   * not (under symmetry), refines nothing.
   */
  ample(v: Int32Array, side?: number): number;
  /**
   * Emits the successors by steps of the processes in mask (-1: every step), with the labels of the
   * full expansion; given v's side information `side`, each with its own: the messages of each type
   * sent and received on each channel along the path that reached it (see SENT COUNTS above).
   */
  expandSome(v: Int32Array, mask: number, emit: (succ: Int32Array, label: number, delta?: Int32Array, side?: number) => void, side?: number): void;
  /** The side information of an initial state (nothing sent). */
  readonly initialSide: number;
  stats(): Record<string, number>;
}

/** What a local step looks like to the reduction. */
export interface PorStep {
  readonly id: number;
  readonly prev: number;
  readonly next: number;
  /** [channel, message, …] */
  readonly sends: Int32Array;
  /** The local action's name, or the received message's type. */
  readonly action: string;
  /** The process that takes it; for a receipt, the sender and the message (else -1). */
  readonly p: number;
  readonly from: number;
  readonly msg: number;
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
  /**
   * The system tracks ground-truth causality (checker/system/causality.ts): each process's history
   * is part of the state. Steps of different processes still commute (a step extends its own
   * process's history, from its own history and the received message's send time; histories,
   * times and tags are interned by value), but two receipts of one process never do (the history
   * records their order), so no process is an open member.
   */
  readonly causal?: boolean;
  /** The initial component of each process. */
  initialComps(): number[];
  /** How many local states (components) have been interned so far. */
  localStates?(): number;
  localSteps(p: number, comp: number): readonly PorStep[];
  /** The type of message m (its type field). */
  typeOf(m: number): string;
  receive(p: number, from: number, comp: number, m: number): PorStep;
  /**
   * The functions some properties read local states through (`readsLocal(…)`, instead of their
   * fields): a step that changes the value of one of them is visible.
   */
  readonly localReads?: readonly ((local: never) => unknown)[];
  /** Those of `sometimes` properties (counted once witnesses are, see `witnessesTracked`). */
  readonly witnessLocalReads?: readonly ((local: never) => unknown)[];
  /** The local state and workload counters of a component (compared field by field for visibility). */
  stateOf(comp: number): unknown;
  usedOf(comp: number): readonly number[];
  /** The messages of a channel content's distinct entries (in a causal system, each entry's message). */
  distinct(c: number): Int32Array;
  /** The messages of a channel content's entries, in channel order (FIFO: send order; bag: ascending). */
  entries(c: number): Int32Array;
  head(c: number): number;
  /** Emits v's successors by the steps of the processes in mask (each with its step, see PorStep). */
  expand(v: Int32Array, emit: (s: Int32Array, l: number, delta?: Int32Array, step?: PorStep) => void, mask: number, onlyChan?: number): void;
}

/** A copy of a twice as long. */
const grownInts = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(2 * a.length);
  b.set(a);
  return b;
};

/** The reduction hooks of one system. */
export function porHooks(sys: PorSystem): PorHooks {
  const { n, C, CHAN, chanFrom, chanTo, isFifo, EMPTY } = sys;
  let version = 0;
  /** Increases whenever a property reads something new (visibility is then computed again). */
  let readVersion = 0;
  /**
   * An ample set was chosen in this search (a state was expanded partly): what is learned from now
   * on means the search must run again. Until then every state was expanded fully, as the full
   * search expands it, whatever the properties read.
   */
  let chosen = false;
  const learned = (): void => {
    readVersion++;
    if (chosen) version++;
  };
  /** This search met a step outside the assumed pool of messages: its reduction may be unsound, so it runs again (with those messages in the pool). */
  let stale = false;
  let tracking = false;
  let witnessesTracked = false;
  const readFields = new Set<string>(); // fields of local states some property read
  const readParts = new Set<string>(); // parts of the global state (channels, used, …)
  let wholeState = false; // a property enumerated a local state's fields
  /** The proxies that record reads (see track), by the object they wrap. */
  const tracked = new WeakMap<object, object>();
  const trackedArrays = new WeakMap<readonly unknown[], unknown[]>();
  /** The proxies of views for properties declared to read local states through functions (procs not tracked). */
  const trackedGlobal = new WeakMap<object, object>();

  // ---- the abstraction: who may still send to whom (checker/reduce/por-sends.ts) ---------------------
  let sends: SendAbstraction | undefined;
  const classes = new Map<string, number>();
  /** By message (-1: not yet). */
  let classByMsg = new Int32Array(64).fill(-1);
  const classOf = (m: number): number => {
    if (m < classByMsg.length && classByMsg[m] >= 0) return classByMsg[m];
    const t = sys.typeOf(m);
    let c = classes.get(t);
    if (c === undefined) classes.set(t, (c = classes.size));
    if (m >= classByMsg.length) {
      const grown = new Int32Array(Math.max(2 * classByMsg.length, m + 1)).fill(-1);
      grown.set(classByMsg);
      classByMsg = grown;
    }
    classByMsg[m] = c;
    return c;
  };

  // ---- sent counts along the search's path (side information; see SENT COUNTS above) --------------
  /**
   * A side vector: per channel, how many messages of each tracked class were sent on it along the
   * path, two bits per class (saturating at 3). A class is tracked on a channel when its bound there
   * is finite (at most MAX_COUNT, so 3) and it is below 16. Vectors are interned: a state's side
   * information is one number (0: nothing sent).
   */
  /** Per channel: the tracked classes' fields (3 in each), and the bounds in those fields. */
  const trackMask = new Int32Array(C);
  const boundWord = new Int32Array(C);
  let sideOn = false;
  const sideIntern = new KeyMemo(C);
  let sideVecs = new Int32Array(64 * C);
  let sideCount = 0;
  /** (side, step id) → the side after the step. */
  const sideStep = new KeyMemo(2);
  /** Per (side, process r): the (receiver, type) pairs of r's graph whose bound r has reached (NOT_YET: not computed). */
  let sideUsed = new Int32Array(0);
  const NOT_YET = -0x7fffffff;
  const internSide = (vec: Int32Array): number => {
    const K = sideIntern.key;
    for (let k = 0; k < C; k++) K[k] = vec[k];
    const known = sideIntern.get(C);
    if (known !== undefined) return known;
    const id = sideCount++;
    if (sideCount * C > sideVecs.length) {
      const grown = new Int32Array(2 * sideVecs.length);
      grown.set(sideVecs);
      sideVecs = grown;
    }
    sideVecs.set(vec.subarray(0, C), id * C);
    sideIntern.set(C, id);
    return id;
  };
  const sideBuf = new Int32Array(C);
  /** Starts the side information again (a new search; the abstraction's bounds may have changed). */
  const resetSides = (): void => {
    sideIntern.clear();
    sideStep.clear();
    sideCount = 0;
    sideBuf.fill(0);
    internSide(sideBuf); // 0: nothing sent
    sideUsed = new Int32Array(0);
    const sa = sends;
    sideOn = sa !== undefined && !sa.gaveUp;
    trackMask.fill(0);
    boundWord.fill(0);
    if (!sideOn) return;
    const s = sa as SendAbstraction;
    for (let ch = 0; ch < C; ch++) {
      for (let cls = 0; cls < Math.min(16, classes.size); cls++) {
        const b = s.limit(chanFrom[ch], chanTo[ch], cls);
        if (b === Infinity || b === 0 || b > 3) continue;
        trackMask[ch] |= 3 << (2 * cls);
        boundWord[ch] |= b << (2 * cls);
      }
    }
    if (trackMask.every((t) => t === 0)) sideOn = false; // (nothing to count)
  };
  /** The side after step o from a state with side `side`. */
  const sideAfter = (side: number, o: PorStep): number => {
    const sends = o.sends;
    if (sends.length === 0) return side;
    const K = sideStep.key;
    K[0] = side;
    K[1] = o.id;
    const known = sideStep.get(2);
    if (known !== undefined) return known;
    const vec = sideBuf;
    vec.set(sideVecs.subarray(side * C, side * C + C));
    let changed = false;
    for (let k = 0; k < sends.length; k += 2) {
      const ch = sends[k];
      const cls = classOf(sends[k + 1]);
      if (cls >= 16) continue;
      const sh = 2 * cls;
      if (!((trackMask[ch] >> sh) & 3) || ((vec[ch] >> sh) & 3) === 3) continue;
      vec[ch] += 1 << sh;
      changed = true;
    }
    const out = changed ? internSide(vec) : side;
    K[0] = side; // (internSide wrote other keys meanwhile: a memo of its own, but write it again)
    K[1] = o.id;
    sideStep.set(2, out);
    return out;
  };
  /** The (receiver, type) pairs of r's graph whose bound r has reached along the path of the state whose side is `side`. */
  const usedPairs = (side: number, r: number): number => {
    const at = side * n + r;
    if (at >= sideUsed.length) {
      const grown = new Int32Array(Math.max(2 * sideUsed.length, at + n, 64)).fill(NOT_YET);
      grown.set(sideUsed);
      sideUsed = grown;
    }
    let used = sideUsed[at];
    if (used !== NOT_YET) return used;
    const sa = sends as SendAbstraction;
    used = 0;
    for (let x = 0; x < n; x++) {
      if (x === r) continue;
      const ch = chanOf(r, x);
      const t = trackMask[ch];
      if (t === 0) continue;
      const sent = sideVecs[side * C + ch];
      for (let cls = 0; cls < 16; cls++) {
        const sh = 2 * cls;
        if (!((t >> sh) & 3) || ((sent >> sh) & 3) < ((boundWord[ch] >> sh) & 3)) continue;
        const bit = sa.pairBit(r, x, cls);
        if (bit >= 0) used |= 1 << bit;
      }
    }
    sideUsed[at] = used;
    return used;
  };
  /** The side of the state being expanded (-1: none kept). */
  let curSide = -1;
  /**
   * The (receiver, type) pairs r, in component comp, may still send before any process in
   * `blocked` acts: those of its abstract nodes with that component, less those it has sent as
   * many of along the path as it ever may (ALL: unknown).
   */
  const pairsOf = (r: number, comp: number, blocked: number): number => {
    const pm = (sends as SendAbstraction).pairsTo(r, comp, blocked);
    return pm === -1 || curSide <= 0 ? pm : pm & ~usedPairs(curSide, r);
  };
  /** The sent counts on r→x of the classes in the mask `types` (-1: all), in the state being expanded (0: none kept). */
  const sentOfTypes = (r: number, x: number, types: number): number => {
    if (types === 0 || curSide <= 0) return 0;
    const w = sideVecs[curSide * C + chanOf(r, x)];
    if (types === -1 || w === 0) return w;
    let fields = 0;
    for (let cls = 0; cls < 16; cls++) if (types & (1 << cls)) fields |= 3 << (2 * cls);
    return w & fields;
  };
  /** How many more messages of class cls r may send x (the bound less those sent along the path). */
  const remaining = (r: number, x: number, cls: number): number => {
    const b = (sends as SendAbstraction).limit(r, x, cls);
    if (curSide <= 0 || cls >= 16) return b;
    const ch = chanOf(r, x);
    const sh = 2 * cls;
    if (!((trackMask[ch] >> sh) & 3)) return b;
    return Math.max(0, b - ((sideVecs[curSide * C + ch] >> sh) & 3));
  };

  // ---- visibility -----------------------------------------------------------------------------------
  const visibleMemo = new Map<number, boolean>();
  let memoVersion = -1;
  const changedRead = (a: unknown, b: unknown): boolean => {
    if (a === b) return false;
    if (wholeState || typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return true;
    // (Compared as data: JSON.stringify wrote every Set and Map as {} and undefined in an array as null.)
    for (const f of readFields) if (!equalData((a as Record<string, unknown>)[f], (b as Record<string, unknown>)[f])) return true;
    return false;
  };
  let localReads = (sys.localReads ?? []) as readonly ((local: unknown) => unknown)[];
  const changedLocal = (a: unknown, b: unknown): boolean => {
    if (a === b) return false;
    for (const f of localReads) {
      const x = f(a);
      const y = f(b);
      if (!equalData(x, y)) return true;
    }
    return false;
  };
  const visible = (o: PorStep, delivery: boolean): boolean => {
    if (memoVersion !== readVersion) {
      visibleMemo.clear();
      memoVersion = readVersion;
    }
    const k = o.id * 2 + (delivery ? 1 : 0);
    let r = visibleMemo.get(k);
    if (r === undefined) {
      r =
        ((readParts.has('channels') || readParts.has('channelTimes')) && (delivery || o.sends.length > 0)) ||
        readParts.has('events') ||
        (readParts.has('used') && sys.usedOf(o.prev).some((u, i) => u !== sys.usedOf(o.next)[i])) ||
        changedRead(sys.stateOf(o.prev), sys.stateOf(o.next)) ||
        changedLocal(sys.stateOf(o.prev), sys.stateOf(o.next));
      visibleMemo.set(k, r);
    }
    return r;
  };

  // ---- ample sets -----------------------------------------------------------------------------------
  let partly = 0;
  let searches = 0;
  let fully = 0;
  /** Steps checked against the abstraction's pool in this search (when the pool is an assumption), by id. */
  const withinPool = new Set<number>();
  /** Messages outside the assumed pool, met in this search: [from, channel, message]. */
  let outsidePool: [number, number, number][] = [];
  const checkPool = (p: number, o: PorStep): void => {
    if (withinPool.has(o.id)) return;
    withinPool.add(o.id); // (met: checked once per search)
    if (!(sends as SendAbstraction).within(p, o.sends)) {
      for (let k = 0; k < o.sends.length; k += 2) outsidePool.push([p, o.sends[k], o.sends[k + 1]]);
      if (!stale) {
        stale = true;
        version++;
      }
    }
  };
  /**
   * When the pool is an assumption, random runs of the system from the first state expanded add
   * the messages they meet to it, so that a search seldom meets one outside it (which costs a
   * search). Seeded: the same pool every time.
   */
  const WALKS = 3_000;
  const WALK_STEPS = 100;
  /** Walks stop once this many in a row met no step not met before. */
  const WALKS_IDLE = 200;
  /**
   * Successors the walks may generate in all, and at one state: every successor is interned, and a
   * system whose states keep growing (messages that beget more messages) makes each step of a deep
   * walk cost more than the last; in a causal system each successor also copies the histories
   * (seen: a random causal protocol exhausting 4 GB, 10–20 KB per successor). Ricart–Agrawala n=4
   * generates 387,008, at most 12 at a state.
   */
  const WALK_SUCCESSORS = sys.causal ? 20_000 : 2_000_000;
  const WALK_BRANCHING = 32;
  const LAZY = [0, 7, 9, 10];
  const seedPool = (v0: Int32Array, sa: SendAbstraction): boolean => {
    const found: [number, number, number][] = [];
    const seen = new Set<number>();
    let seed = 0x2545f491;
    const random = (k: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % k;
    };
    const note = (p: number, o: PorStep): void => {
      if (seen.has(o.id)) return;
      seen.add(o.id);
      if (!sa.within(p, o.sends)) for (let k = 0; k < o.sends.length; k += 2) found.push([p, o.sends[k], o.sends[k + 1]]);
    };
    // Only the successor taken is generated (by the steps of its process; the labels are those of
    // the full expansion, whose successors are counted from the steps, in its order: every local
    // action, process by process, then each channel's receipts), into a buffer kept from step to
    // step, swapped out for the state left.
    let pick = -1;
    let next: Int32Array<ArrayBufferLike> = new Int32Array(0);
    let spare: Int32Array<ArrayBufferLike> = new Int32Array(0);
    const keep = (x: Int32Array, label: number): void => {
      if (label !== pick) return;
      if (spare.length !== x.length) spare = new Int32Array(x.length);
      spare.set(x);
      next = spare;
    };
    const inChan = new Int32Array(C);
    const localsOf = new Int32Array(n);
    let lastNew = 0; // the last walk that met a step not met before
    let generated = 0;
    for (let w = 0; w < WALKS && w - lastNew < WALKS_IDLE && generated < WALK_SUCCESSORS; w++) {
      const before = seen.size;
      let v: Int32Array<ArrayBufferLike> = v0.slice();
      // A walk prefers receipts to local actions with odds of its own (out of 10; a quarter of
      // the walks not at all, a quarter always): messages whose values grow with what their
      // sender received before it acted (such as Lamport timestamps) come from runs where local
      // actions wait.
      const lazy = LAZY[w % LAZY.length];
      for (let t = 0; t < WALK_STEPS; t++) {
        let locals = 0;
        let receipts = 0;
        inChan.fill(0);
        for (let p = 0; p < n; p++) {
          const outs = sys.localSteps(p, v[p]);
          for (const o of outs) note(p, o);
          localsOf[p] = outs.length;
          locals += outs.length;
          for (const ch of inChans[p]) {
            const c = v[CHAN + ch];
            if (c === EMPTY) continue;
            if (isFifo) {
              note(p, sys.receive(p, chanFrom[ch], v[p], sys.head(c)));
              inChan[ch] = 1;
            } else {
              const ds = sys.distinct(c);
              for (const m of ds) note(p, sys.receive(p, chanFrom[ch], v[p], m));
              inChan[ch] = ds.length;
            }
            receipts += inChan[ch];
          }
        }
        const k = locals + receipts;
        generated += k;
        if (k === 0 || k > WALK_BRANCHING || generated >= WALK_SUCCESSORS) break;
        pick = k > locals && random(10) < lazy ? locals + random(k - locals) : random(k);
        // (The process whose step it is.)
        let p = 0;
        if (pick < locals) for (let at = localsOf[0]; at <= pick; at += localsOf[++p]);
        else for (let ch = 0, at = locals + inChan[0]; ; at += inChan[++ch]) if (at > pick) {
          p = chanTo[ch];
          break;
        }
        next = v;
        const old = v;
        sys.expand(v, keep, 1 << p);
        if (next === old) throw new Error(`por: the walks counted a step the system did not take (${pick} of ${k})`);
        spare = old;
        v = next;
      }
      if (seen.size > before) lastNew = w;
    }
    if (found.length > 0) sa.addToPool(widened(found, sa));
    return found.length > 0;
  };
  /**
   * Messages to add to the assumed pool: the ones met, and each of them on every other channel
   * whose pool already holds a message of its type (a larger pool is still sound, and a message
   * value one process sent is often one another may send: a timestamp one process reached, say).
   */
  const widened = (met: [number, number, number][], sa: SendAbstraction): [number, number, number][] => {
    const out = met.slice();
    const values = [...new Set(met.map(([, , m]) => m))];
    for (let ch = 0; ch < C; ch++) {
      const types = new Set<number>();
      for (const m of sa.poolFrom(chanTo[ch], chanFrom[ch])) types.add(sa.classOf(m));
      for (const [from, c, m] of met) if (from === chanFrom[ch] && chanTo[c] === chanTo[ch]) types.add(sa.classOf(m));
      for (const m of values) if (types.has(sa.classOf(m))) out.push([chanFrom[ch], ch, m]);
    }
    return out;
  };
  /** Enabled steps of p in v (count), or -1 if one is visible. */
  const enabledOf = (v: Int32Array, p: number): number => {
    // Looked up by p's local state and what is in flight to p (within a search, under the same
    // read sets: the steps were checked against the pool when first met).
    if (enabledAt !== readVersion) {
      enabledMemo.clear();
      enabledAt = readVersion;
    }
    const K = enabledMemo.key;
    K[0] = p;
    K[1] = v[p];
    let len = 2;
    for (const ch of inChans[p]) {
      const c = v[CHAN + ch];
      K[len++] = c === EMPTY ? -1 : isFifo ? sys.head(c) : c;
    }
    const known = enabledMemo.get(len);
    if (known !== undefined) return known;
    const count = enabledMiss(v, p);
    enabledMemo.set(len, count); // (K is still the key: nothing in enabledMiss writes it)
    return count;
  };
  const enabledMemo = new KeyMemo(1 + n);
  let enabledAt = -1;
  const enabledMiss = (v: Int32Array, p: number): number => {
    let k = 0;
    let vis = false;
    const frozen = (sends as SendAbstraction).assumed;
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
  // ---- commutation of a process's receipts (semantic independence, checked on the handlers) ---------
  const commuteMemo = new KeyMemo(6);
  /** a then b, against c then d ([channel, message, …] each): the same sequence of messages on every channel. */
  const sameSends = (a: Int32Array, b: Int32Array, c: Int32Array, d: Int32Array): boolean => {
    const la = a.length;
    const lb = la + b.length;
    if (lb !== c.length + d.length) return false;
    const lc = c.length;
    // (Entry i of a then b, and of c then d.)
    const left = (i: number): number => (i < la ? a[i] : b[i - la]);
    const right = (i: number): number => (i < lc ? c[i] : d[i - lc]);
    // Each channel's messages, in order, on both sides: the k-th on the left is the k-th on the
    // right. With as many entries on each side, every entry on the right is then matched too.
    for (let i = 0; i < lb; i += 2) {
      const ch = left(i);
      let first = true;
      for (let h = 0; h < i; h += 2) if (left(h) === ch) first = false;
      if (!first) continue;
      let j = 0;
      for (let h = i; h < lb; h += 2) {
        if (left(h) !== ch) continue;
        while (j < lb && right(j) !== ch) j += 2;
        if (j >= lb || right(j + 1) !== left(h + 1)) return false;
        j += 2;
      }
      while (j < lb && right(j) !== ch) j += 2;
      if (j < lb) return false; // (more on ch on the right)
    }
    return true;
  };
  /** Receiving m from f, then m2 from f2, in component comp, gives what the other order gives. */
  const commute = (x: number, comp: number, f: number, m: number, f2: number, m2: number): boolean => {
    const K = commuteMemo.key;
    K[0] = x;
    K[1] = comp;
    K[2] = f;
    K[3] = m;
    K[4] = f2;
    K[5] = m2;
    const known = commuteMemo.get(6);
    if (known !== undefined) return known === 1;
    let r: boolean;
    {
      try {
        const o1 = sys.receive(x, f, comp, m);
        const o2 = sys.receive(x, f2, o1.next, m2);
        const o3 = sys.receive(x, f2, comp, m2);
        const o4 = sys.receive(x, f, o3.next, m);
        r = o2.next === o4.next && sameSends(o1.sends, o2.sends, o3.sends, o4.sends);
      } catch {
        r = false;
      }
      K[0] = x; // (the handlers may have asked for other commutations meanwhile: write the key again)
      K[1] = comp;
      K[2] = f;
      K[3] = m;
      K[4] = f2;
      K[5] = m2;
      commuteMemo.set(6, r ? 1 : 0);
    }
    return r;
  };
  /**
   * In component comp, receiving m from f and then taking local action a (the same action, which
   * must still be enabled) gives what a and then the receipt give: the same local state and the
   * same sends on every channel.
   */
  const commuteLocal = (x: number, comp: number, f: number, m: number, a: PorStep): boolean => {
    const K = commuteMemo.key;
    K[0] = x;
    K[1] = comp;
    K[2] = f;
    K[3] = m;
    K[4] = -1; // (a local action: its outcome's id below)
    K[5] = a.id;
    const known = commuteMemo.get(6);
    if (known !== undefined) return known === 1;
    let r = false;
    try {
      const o1 = sys.receive(x, f, comp, m);
      const o2 = sys.localSteps(x, o1.next).find((b) => b.action === a.action);
      if (o2 !== undefined) {
        const o4 = sys.receive(x, f, a.next, m);
        r = o2.next === o4.next && sameSends(o1.sends, o2.sends, a.sends, o4.sends);
      }
    } catch {
      r = false;
    }
    K[0] = x;
    K[1] = comp;
    K[2] = f;
    K[3] = m;
    K[4] = -1;
    K[5] = a.id;
    commuteMemo.set(6, r ? 1 : 0);
    return r;
  };
  /** Local states a process may pass through by receiving arrivals, at most this many. */
  const ARRIVAL_STATES = 64;
  const blockedFor = (v: Int32Array, r: number, frozen: number): number => {
    let blocked = 0;
    for (let z = 0; z < n; z++) if (frozen & (1 << z) && v[CHAN + chanOf(z, r)] === EMPTY) blocked |= 1 << z;
    return blocked;
  };
  /**
   * Whether x, in S, may let messages arrive while S does not act: every message that may arrive
   * (from a process outside S, of a type it may still send x; from a process of S that is not
   * frozen, anything it may ever send x) commutes with each of x's enabled receipts in every local
   * state x passes through receiving such arrivals. Gives the mask of processes x may send to
   * while receiving them, or -2 when x may not (x is then frozen: nothing may arrive).
   */
  const arrivals = (v: Int32Array, x: number, S: number, frozen: number): number => {
    // (An abstraction that gave up knows no pool of messages: nothing may be assumed of arrivals.)
    if (sys.causal || (sends as SendAbstraction).gaveUp || sys.localSteps(x, v[x]).length > 0) return -2;
    // The answer depends on x's local state, what is in flight to x (under FIFO, the heads) and,
    // per other process, the types of message that may arrive from it: looked up by those.
    const K = arrivalsMemo.key;
    K[0] = x;
    K[1] = v[x];
    let k = 2;
    let any = false;
    for (const ch of inChans[x]) {
      const c = v[CHAN + ch];
      if (c !== EMPTY) any = true;
      K[k++] = c === EMPTY ? -1 : isFifo ? sys.head(c) : c;
    }
    if (!any) return -2;
    const sa = sends as SendAbstraction;
    for (let r = 0; r < n; r++) {
      if (r === x) continue;
      // 0: nothing arrives from r; -1: anything r may ever send x; else a mask of types (from r's
      // node, less the types r has sent x as many of as it ever may, when the side is kept).
      let types: number;
      if (frozen & (1 << r) || (isFifo && v[CHAN + chanOf(r, x)] !== EMPTY)) types = 0; // (behind a head: received after it)
      else if (S & (1 << r)) types = -1;
      else {
        const blocked = blockedFor(v, r, frozen);
        types = curSide <= 0 ? sa.typeMaskTo(r, v[r], blocked, x) : sa.classesOfPairs(r, pairsOf(r, v[r], blocked), x);
      }
      K[k++] = types;
      // (How many of each type r may still send x: its sent counts on r→x of those types, part of the key.)
      K[k++] = sentOfTypes(r, x, types);
    }
    let known = arrivalsMemo.get(k);
    if (known === undefined) {
      mineLen = 0;
      for (const ch of inChans[x]) {
        const c = v[CHAN + ch];
        if (c === EMPTY) continue;
        if (isFifo) pushMine(chanFrom[ch], sys.head(c));
        else for (const m of sys.distinct(c)) pushMine(chanFrom[ch], m);
      }
      arrLen = 0;
      for (let r = 0, i = 2 + inChans[x].length; r < n; r++) {
        if (r === x) continue;
        const types = K[i];
        i += 2;
        if (types === 0) continue;
        for (const m of sa.poolFrom(x, r)) {
          const cls = sa.classOf(m);
          if ((types === -1 || (cls <= 30 && types & (1 << cls))) && remaining(r, x, cls) > 0) pushArr(r, m);
        }
      }
      known = receiveArrivals(x, v[x]);
      arrivalsMemo.set(k, known); // (K is still the key: nothing above writes it)
    }
    return known;
  };
  /**
   * SINGLE RECEIPTS. Whether x's receipt of m from f alone is a persistent set: every other step x
   * may take while it is not taken (receipts of what is in flight to x on its other channels, and
   * under a bag on f's too, and of what may still be sent to it; the local actions these enable,
   * and those enabled now) commutes with it, in every local state x passes through taking them.
   * Steps of other processes commute with it anyway (they touch other local states, and append to
   * f→x at most, behind m or beside it). Not in causal systems (receipts of one process never
   * commute there).
   */
  const single = (v: Int32Array, x: number, f: number, m: number): boolean => {
    const sa = sends as SendAbstraction;
    if (sys.causal || sa.gaveUp) return false;
    const K = singleMemo.key;
    K[0] = x;
    K[1] = v[x];
    K[2] = f;
    K[3] = m;
    let k = 4;
    for (const ch of inChans[x]) K[k++] = v[CHAN + ch];
    for (let r = 0; r < n; r++) {
      if (r === x) continue;
      // What r may still send x (under FIFO, nothing from f: behind m).
      const types = isFifo && r === f ? 0 : curSide <= 0 ? sa.typeMaskTo(r, v[r], 0, x) : sa.classesOfPairs(r, pairsOf(r, v[r], 0), x);
      K[k++] = types;
      K[k++] = sentOfTypes(r, x, types);
    }
    const known = singleMemo.get(k);
    if (known !== undefined) return known === 1;
    // In flight to x, by sender and class (not m's copies on f, nor anything on f under FIFO).
    arrLen = 0;
    const inFlight = new Map<number, number>();
    for (const ch of inChans[x]) {
      const g = chanFrom[ch];
      const c = v[CHAN + ch];
      if (c === EMPTY || (isFifo && g === f)) continue;
      const es = sys.entries(c);
      for (let i = 0; i < es.length; i++) {
        if (g === f && es[i] === m) continue;
        const key = g * 4096 + sa.classOf(es[i]);
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        if (i === 0 || es[i] !== es[i - 1] || isFifo) pushArr(g, es[i]);
      }
    }
    for (let r = 0, i = 4 + inChans[x].length; r < n; r++) {
      if (r === x) continue;
      const types = K[i];
      i += 2;
      if (types === 0) continue;
      for (const m2 of sa.poolFrom(x, r)) {
        const cls = sa.classOf(m2);
        if ((types === -1 || (cls <= 30 && types & (1 << cls))) && remaining(r, x, cls) > 0 && !(r === f && m2 === m)) pushArr(r, m2);
      }
    }
    // (Each (sender, class): what is in flight, and what may still be sent.)
    const limitOf = (r: number, cls: number): number => (inFlight.get(r * 4096 + cls) ?? 0) + (isFifo && r === f ? 0 : remaining(r, x, cls));
    mineLen = 0;
    pushMine(f, m);
    const ok = receiveArrivals(x, v[x], limitOf) !== -2;
    K[0] = x; // (the key again: receiveArrivals' look-ups use other memos, but write it to be sure)
    K[1] = v[x];
    K[2] = f;
    K[3] = m;
    singleMemo.set(k, ok ? 1 : 0);
    return ok;
  };
  const singleMemo = new KeyMemo(4 + 3 * n);
  /** The receipt `ample` chose alone (its sender and message; -1: none), for expandSome. */
  let onlyFrom = -1;
  let onlyMsg = -1;
  /** Its channel (expandSome generates the receipts from it alone). */
  let onlyChan = -1;
  /** The channels to each process. */
  const inChans: number[][] = Array.from({ length: n }, (_, x) => {
    const out: number[] = [];
    for (let ch = 0; ch < C; ch++) if (chanTo[ch] === x) out.push(ch);
    return out;
  });
  const arrivalsMemo = new KeyMemo(2 + 3 * n);
  // ---- arrivals' search: shared buffers (it is not reentrant: nothing it calls comes back to it) ------
  /** x's receipts that the arrivals must commute with: [sender, message], mineLen of them. */
  let mineF = new Int32Array(8);
  let mineM = new Int32Array(8);
  let mineLen = 0;
  const pushMine = (f: number, m: number): void => {
    if (mineLen === mineF.length) {
      mineF = grownInts(mineF);
      mineM = grownInts(mineM);
    }
    mineF[mineLen] = f;
    mineM[mineLen++] = m;
  };
  /** What may arrive: [sender, message], arrLen of them. */
  let arrR = new Int32Array(32);
  let arrM = new Int32Array(32);
  let arrLen = 0;
  const pushArr = (r: number, m: number): void => {
    if (arrLen === arrR.length) {
      arrR = grownInts(arrR);
      arrM = grownInts(arrM);
    }
    arrR[arrLen] = r;
    arrM[arrLen++] = m;
  };
  /** Per arrival: its (sender, class) slot (-1: unbounded) and that slot's bound. */
  let arrSlot = new Int32Array(32);
  let arrLimit = new Int32Array(32);
  let slotKey = new Int32Array(32);
  /** The local states met, a row each: [component, the arrivals counted per slot…]; rows up to ARRIVAL_STATES and one to try. */
  let seenRows = new Int32Array(0);
  const todoRows = new Int32Array(ARRIVAL_STATES + 1);
  /**
   * arrivals' search: x's local states from comp0 receiving the arrivals (arrR/arrM), each of
   * which, and each local action they enable, must commute with x's receipts (mineF/mineM).
   * Gives the mask of the processes x sends to on the way, or -2.
   */
  const receiveArrivals = (x: number, comp0: number, limitOf: (r: number, cls: number) => number = (r, cls) => remaining(r, x, cls)): number => {
    const sa = sends as SendAbstraction;
    // Each (sender, type) arrives at most as often as the abstraction's bound allows (less what
    // the sender has sent along the path, when the side is kept).
    if (arrSlot.length < arrLen) {
      arrSlot = new Int32Array(arrR.length);
      arrLimit = new Int32Array(arrR.length);
      slotKey = new Int32Array(arrR.length);
    }
    let slots = 0;
    for (let i = 0; i < arrLen; i++) {
      const cls = sa.classOf(arrM[i]);
      const limit = limitOf(arrR[i], cls);
      if (limit === Infinity) {
        arrSlot[i] = -1;
        continue;
      }
      const key = arrR[i] * 4096 + cls;
      let sl = 0;
      while (sl < slots && slotKey[sl] !== key) sl++;
      if (sl === slots) slotKey[slots++] = key;
      arrSlot[i] = sl;
      arrLimit[i] = limit;
    }
    const W = 1 + slots;
    if (seenRows.length < (ARRIVAL_STATES + 1) * W) seenRows = new Int32Array((ARRIVAL_STATES + 1) * W);
    const rows = seenRows;
    let seen = 1;
    rows[0] = comp0;
    for (let j = 1; j < W; j++) rows[j] = 0;
    let top = 0;
    todoRows[top++] = 0;
    /** The row tried (at `seen`, the next free one) is met already; else it is kept, and queued. */
    const fresh = (): boolean => {
      const at = seen * W;
      for (let e = 0; e < seen; e++) {
        let j = 0;
        const b = e * W;
        while (j < W && rows[b + j] === rows[at + j]) j++;
        if (j === W) return false;
      }
      return true;
    };
    let to = 0;
    while (top > 0) {
      const row = todoRows[--top] * W;
      const c = rows[row];
      // A local action enabled by arrivals may be taken while S does not act: it must commute with
      // each of x's receipts in S too (and stay enabled after it), and x goes on from its result.
      for (const a of sys.localSteps(x, c)) {
        for (let q = 0; q < mineLen; q++) if (!commuteLocal(x, c, mineF[q], mineM[q], a)) return -2;
        for (let k = 0; k < a.sends.length; k += 2) to |= 1 << chanTo[a.sends[k]];
        const at = seen * W;
        rows[at] = a.next;
        for (let j = 1; j < W; j++) rows[at + j] = rows[row + j];
        if (fresh()) {
          if (seen >= ARRIVAL_STATES) return -2;
          todoRows[top++] = seen++;
        }
      }
      for (let i = 0; i < arrLen; i++) {
        const r = arrR[i];
        const m2 = arrM[i];
        const sl = arrSlot[i];
        if (sl >= 0 && rows[row + 1 + sl] >= arrLimit[i]) continue;
        for (let q = 0; q < mineLen; q++) if (!commute(x, c, mineF[q], mineM[q], r, m2)) return -2;
        let o: PorStep;
        try {
          o = sys.receive(x, r, c, m2);
        } catch {
          return -2;
        }
        for (let k = 0; k < o.sends.length; k += 2) to |= 1 << chanTo[o.sends[k]];
        const at = seen * W;
        rows[at] = o.next;
        for (let j = 1; j < W; j++) rows[at + j] = rows[row + j];
        if (sl >= 0) rows[at + 1 + sl]++;
        if (fresh()) {
          if (seen >= ARRIVAL_STATES) return -2;
          todoRows[top++] = seen++;
        }
      }
    }
    return to;
  };

  /**
   * A set S containing p closed under C1, or 0 when a process with a visible step would have to
   * join. S's processes are frozen (nothing may arrive for them while S does not act) or, when
   * their receipts commute with whatever may arrive (see arrivals), open. A process r outside S
   * joins when it may send to a frozen x (FIFO: on an empty channel) before S acts, that is,
   * receiving nothing from a frozen process with nothing in flight to r; an open process that may
   * send to a frozen one while receiving arrivals becomes frozen. -1 as soon as S has `limit`
   * enabled steps or more (the caller has a set that small already).
   */
  const closure = (v: Int32Array, p: number, count: Int32Array, limit: number): number => {
    let S = 1 << p;
    let frozen = count[p] === 0 ? 1 << p : 0;
    let size = count[p];
    for (let changed = true; changed; ) {
      changed = false;
      for (let x = 0; x < n; x++) {
        if (!(S & (1 << x)) || frozen & (1 << x)) continue;
        const to = arrivals(v, x, S, frozen);
        let freeze = to === -2;
        if (!freeze) for (let y = 0; y < n && !freeze; y++) if (to & (1 << y) && frozen & (1 << y) && (!isFifo || v[CHAN + chanOf(x, y)] === EMPTY)) freeze = true;
        if (freeze) {
          frozen |= 1 << x;
          changed = true;
        }
      }
      for (let r = 0; r < n; r++) {
        if (S & (1 << r)) continue;
        const blocked = blockedFor(v, r, frozen);
        const to = (curSide <= 0 ? (sends as SendAbstraction).mayTo(r, v[r], blocked) : (sends as SendAbstraction).toOfPairs(r, pairsOf(r, v[r], blocked))) & frozen;
        if (to === 0) continue;
        let joins = !isFifo;
        if (isFifo) for (let x = 0; x < n && !joins; x++) if (to & (1 << x) && v[CHAN + chanOf(r, x)] === EMPTY) joins = true;
        if (!joins) continue;
        if (count[r] < 0) return 0;
        size += count[r];
        if (size >= limit) return -1; // (no smaller than the limit: S only grows)
        S |= 1 << r;
        if (count[r] === 0) frozen |= 1 << r;
        changed = true;
      }
    }
    return S;
  };
  let off: string | undefined;
  const ample = (v: Int32Array, side?: number): number => {
    if (off !== undefined) {
      fully++;
      return 0;
    }
    if (sends === undefined) {
      // (Seeded by random runs from v, the first state expanded, when its pool is frozen: see seedPool.)
      sends = new SendAbstraction({ n, chanTo, initialComps: sys.initialComps, localSteps: sys.localSteps, receive: sys.receive, classOf, localStates: sys.localStates }, (sa) => seedPool(v, sa));
      // (Not seeded during the build when the pool froze after a large round: now, and built again.)
      if (sends.assumed && !sends.seeded && seedPool(v, sends)) sends.extend([]);
      resetSides(); // (v is an initial state: its side is 0 whatever the tracking)
      // An abstraction that gave up, over a network that is not FIFO: no set is ever persistent
      // (every member is frozen, since nothing is known of what may arrive, and every other
      // process may send to it, so it joins), and no receipt is one alone. The reduction stops
      // here, at the first state, before any was chosen: the search is the full search (the
      // report says so: no reductions, `por.stopped` and `por.abstractionGaveUp`), and the
      // properties' reads are no longer recorded.
      if (sends.gaveUp && !isFifo) {
        off = 'the who-may-send abstraction gave up, over a network that is not FIFO: nothing to reduce';
        tracking = false;
        fully++;
        return 0;
      }
    }
    curSide = side !== undefined && sideOn ? side : -1;
    const mask = ampleOf(v);
    // (Only a state expanded partly makes what the properties read from now on matter: until
    // then the search is the full search.)
    if (mask !== 0) chosen = true;
    return mask;
  };
  const ampleOf = (v: Int32Array): number => {
    const count = counts;
    let enabledProcs = 0;
    let enabledFirst = 0;
    onlyFrom = -1;
    for (let p = 0; p < n; p++) {
      count[p] = enabledOf(v, p);
      if (count[p] !== 0 && enabledProcs++ === 0) enabledFirst = p;
    }
    if (enabledProcs === 0) {
      fully++;
      return 0;
    }
    // One invisible receipt alone (SINGLE RECEIPTS), where it is not every enabled step.
    if (enabledProcs >= 2 || count[enabledFirst] > 1 || count[enabledFirst] < 0) {
      for (let x = 0; x < n; x++) {
        if (count[x] === 0) continue;
        for (const ch of inChans[x]) {
          const c = v[CHAN + ch];
          if (c === EMPTY) continue;
          const f = chanFrom[ch];
          const ms = isFifo ? undefined : sys.distinct(c);
          for (let i = 0, k = ms === undefined ? 1 : ms.length; i < k; i++) {
            const m = ms === undefined ? sys.head(c) : ms[i];
            if (visible(sys.receive(x, f, v[x], m), true) || !single(v, x, f, m)) continue;
            onlyFrom = f;
            onlyMsg = m;
            onlyChan = ch;
            partly++;
            return 1 << x;
          }
        }
      }
    }
    if (enabledProcs < 2) {
      fully++;
      return 0;
    }
    // The smallest set (fewest steps; of equal ones, the one from the lowest process), found
    // with little work: a set of one step comes from a process with one enabled step, so those
    // are tried first, and a closure stops as soon as it is no smaller than the best so far.
    let best = 0;
    let bestSize = Infinity;
    for (let p = 0; p < n; p++) {
      if (count[p] !== 1) continue;
      const mask = (tried[p] = candidate(v, p, count, 2));
      if (mask > 0) {
        partly++;
        return mask; // (one step: the lowest such process, as the loop below would find)
      }
    }
    for (let p = 0; p < n; p++) {
      if (count[p] <= 0 || count[p] >= bestSize) continue;
      if (count[p] === 1 && tried[p] === 0) continue; // (no candidate whatever the limit)
      const mask = candidate(v, p, count, bestSize);
      if (mask <= 0) continue;
      let size = 0;
      for (let r = 0; r < n; r++) if (mask & (1 << r)) size += count[r];
      if (size < bestSize) {
        best = mask;
        bestSize = size;
      }
    }
    if (best === 0) fully++;
    else partly++;
    return best;
  };
  const counts = new Int32Array(n);
  /** Per process with one enabled step, what the first pass of `ample` found (0: no candidate; -1: none below its limit). */
  const tried = new Int32Array(n);
  /**
   * closure(p), when it leaves an enabled process out, has a step and has fewer than `limit`
   * steps; -1 when it has `limit` steps or more; else 0 (whatever the limit).
   */
  const candidate = (v: Int32Array, p: number, count: Int32Array, limit: number): number => {
    const mask = closure(v, p, count, limit);
    if (mask <= 0) return mask;
    let size = 0;
    let outside = false;
    for (let r = 0; r < n; r++) {
      if (mask & (1 << r)) size += count[r];
      else if (count[r] !== 0) outside = true;
    }
    return !outside || size === 0 ? 0 : size < limit ? mask : -1;
  };

  return {
    unsupported: sys.unsupported ?? (n > 30 ? `n=${n} (at most 30 processes)` : undefined),
    start() {
      tracking = true;
    },
    begin() {
      searches++;
      chosen = false;
      if (outsidePool.length > 0) {
        (sends as SendAbstraction).extend(widened(outsidePool, sends as SendAbstraction));
        // (Their answers read the pool and the bounds, which the larger pool may change: the
        // single receipts' too, whose key names neither.)
        arrivalsMemo.clear();
        singleMemo.clear();
      }
      resetSides();
      outsidePool = [];
      withinPool.clear();
      enabledMemo.clear();
      stale = false;
    },
    get version() {
      return version;
    },
    get witnessesTracked() {
      return witnessesTracked;
    },
    trackWitnesses() {
      witnessesTracked = true;
      localReads = [...localReads, ...((sys.witnessLocalReads ?? []) as readonly ((local: unknown) => unknown)[])];
      readVersion++; // (visibility is computed again)
      version++;
    },
    get off() {
      return off;
    },
    dependent(why: string) {
      if (!tracking || off !== undefined) return;
      off = why;
      if (chosen) version++;
    },
    ample,
    expandSome: (v, mask, emit, side) => {
      // (One receipt alone, when ample chose one: see SINGLE RECEIPTS.)
      const f = mask === -1 ? -1 : onlyFrom;
      const m = onlyMsg;
      if (f >= 0) sys.expand(v, (s, l, d, o) => (o as PorStep).from === f && (o as PorStep).msg === m && emit(s, l, d, side === undefined ? undefined : sideOn ? sideAfter(side, o as PorStep) : 0), mask, onlyChan);
      else sys.expand(v, side === undefined ? (s, l, d) => emit(s, l, d) : sideOn ? (s, l, d, o) => emit(s, l, d, sideAfter(side, o as PorStep)) : (s, l, d) => emit(s, l, d, 0), mask);
    },
    initialSide: 0,
    stats: () => ({ 'por.searches': searches, 'por.partlyExpanded': partly, 'por.fullyExpanded': fully, 'por.abstractNodes': sends === undefined || sends.gaveUp ? -1 : sends.nodes, ...(sideOn ? { 'por.sentCounts': sideCount } : {}), ...(process.env.POR_MEMO ? { singleMemo: singleMemo.size, arrivalsMemo: arrivalsMemo.size, commuteMemo: commuteMemo.size, enabledMemo: enabledMemo.size, sideStep: sideStep.size } : {}), 'por.readFields': wholeState ? -1 : readFields.size, ...(sends?.gaveUp ? { 'por.abstractionGaveUp': 1 } : {}), ...(witnessesTracked ? { 'por.witnessesTracked': 1 } : {}), ...(off !== undefined ? { 'por.stopped': 1 } : {}) }),
    // Read tracking (used by the system's properties through `track`, and through `trackGlobal` by
    // those declared to read local states only through functions: their reads of local states are
    // not recorded, the functions' values are compared instead, see `localReads`).
    ...{
      track: (g: object) => trackView(g, tracked, true),
      trackGlobal: (g: object) => trackView(g, trackedGlobal, false),
    },
  } as PorHooks;

  /** The view g as a property sees it: its reads of g recorded, and of local states too when `locals`. */
  function trackView<G extends object>(g: G, cache: WeakMap<object, object>, locals: boolean): G {
    if (!tracking) return g;
    // One proxy per view object (the system fills the same one for every state).
    const known = cache.get(g);
    if (known !== undefined) return known as G;
    const part = (key: string | symbol): void => {
      if (typeof key === 'string' && key !== 'procs' && key !== 'n' && key !== 'roles' && key !== 'peers' && !readParts.has(key)) {
        readParts.add(key);
        learned();
      }
    };
    const proxy = new Proxy(g, {
      get(target, key, receiver) {
        const x = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return x;
        if (key === 'procs') return locals ? trackProcs(x as readonly unknown[]) : x;
        part(key);
        return x;
      },
      has(target, key) {
        part(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        part(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    cache.set(g, proxy);
    return proxy;
  }

  /**
   * The local states as the properties see them: each wrapped once (local states are interned, so
   * the same objects come back state after state), in one array per array of the view, refilled
   * at each read (a property reads the processes of the state being checked).
   */
  function trackProcs(procs: readonly unknown[]): readonly unknown[] {
    let out = trackedArrays.get(procs);
    if (out === undefined) trackedArrays.set(procs, (out = []));
    out.length = procs.length;
    for (let i = 0; i < procs.length; i++) out[i] = trackLocal(procs[i]);
    return out;
  }
  function trackLocal(s: unknown): unknown {
    // A local state that is not a record or an array (a number, a string, a Set or a Map, whose
    // methods fail on a proxy) is read whole.
    if (typeof s !== 'object' || s === null || s instanceof Set || s instanceof Map) {
      if (!wholeState) {
        wholeState = true;
        learned();
      }
      return s;
    }
    let proxy = tracked.get(s);
    if (proxy === undefined) {
      const read = (key: string | symbol): void => {
        if (typeof key === 'string' && !readFields.has(key)) {
          readFields.add(key);
          learned();
        }
      };
      // Every way to read a field is a read of it: `s.done`, `'done' in s`, `Object.hasOwn(s, 'done')`.
      proxy = new Proxy(s as object, {
        get(target, key, receiver) {
          read(key);
          return Reflect.get(target, key, receiver);
        },
        has(target, key) {
          read(key);
          return Reflect.has(target, key);
        },
        getOwnPropertyDescriptor(target, key) {
          read(key);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
        ownKeys(target) {
          if (!wholeState) {
            wholeState = true;
            learned();
          }
          return Reflect.ownKeys(target);
        },
      });
      tracked.set(s, proxy);
    }
    return proxy;
  }
}

/** The tracking wrapper of a system's hooks (properties see the global state through it). */
export function trackerOf(hooks: PorHooks | undefined, locals = true): (<G extends object>(g: G) => G) | undefined {
  const h = hooks as unknown as { track?: <G extends object>(g: G) => G; trackGlobal?: <G extends object>(g: G) => G } | undefined;
  return locals ? h?.track : h?.trackGlobal;
}
