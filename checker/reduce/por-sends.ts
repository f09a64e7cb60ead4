/**
 * Who may still send to whom, for partial-order reduction (checker/reduce/por.ts): a conservative
 * over-approximation of every process's behaviour, computed once, that counts messages.
 *
 * Each process is explored on its own, as a graph of abstract nodes (local component, how many
 * messages of each type it has received from each sender), under an environment: the messages
 * each other process may send it (a set of values per sender) and, per (sender, type), an upper
 * bound on how many it may send it over a whole run (Infinity when unknown). A receipt of a message
 * of type t from q is an edge only while fewer than bound(q → p, t) such receipts were counted. The
 * environment is the least fixed point: start with nothing sent, explore every process, take the
 * messages found on its edges and, per (receiver, type), the longest path in sends (Infinity
 * through a cycle that sends), and repeat until nothing changes.
 *
 * Sound by induction on a run's prefix: each process's local history is a path of its graph, and
 * every message sent so far is in the environment's set and within its bound (a process has
 * received no more messages of a type from q than q sent, which is at most the bound; a path's
 * sends are at most its graph's longest path, which is the bound at the fixed point). FIFO order
 * is ignored (more paths, still sound).
 *
 * The answer to a query "may r, now in component c, send to x before any process in `blocked`
 * acts" (blocked: processes that will not act, with nothing in flight to r) is read off r's graph
 * without the edges that receive from a blocked process, from every node whose component is c
 * (the counts of the actual run are not known; every node with c is a superset of the truth).
 * It is given up (every process may send to anyone) when the graphs exceed a budget (nodes,
 * receipts tried, handlers asked: SEND_NODES, SEND_TRIED, SEND_ASKED); the pool is then not known
 * to be complete, and partial-order reduction has no open members.
 *
 * The graphs are kept in typed arrays (see Graph); each component's local actions and receipts are
 * looked up once per graph, so an edge costs a look-up of its target node.
 */

import { KeyMemo } from './key-memo.ts';

/** Budget: abstract nodes over all processes and all rounds, and rounds. */
export const SEND_NODES = 60_000;
export const SEND_ROUNDS = 64;
/**
 * Budget of work over all processes and rounds (since the budget last started, as the nodes'):
 * receipts tried (the inbox entries looked at, node by node) and handlers asked (receipts of a
 * component not met before: each calls the model's handler and interns its result). Nodes alone
 * do not bound the time: where the pool holds thousands of messages (timestamps seeded by the
 * random runs), a few thousand nodes try millions of receipts, and a handler over large local
 * states costs tens of microseconds (total-order-lamport: 2.2 million tried, 1.1 million asked, 20
 * s before the nodes' budget gave up). Ricart–Agrawala n=4, the largest abstraction kept among the
 * bundled models, tries 1.56 million and asks 78,000; the bundled models above these budgets
 * (total-order-lamport and its mutant, token-ring-repair) give up. (lamport-clocks and vector-clocks
 * gave up too while the pool froze after 2,000 nodes: now after 135 and 261 nodes.)
 */
export const SEND_TRIED = 2_500_000;
export const SEND_ASKED = 150_000;
/**
 * And local states: new ones interned (the handlers' results, and the random runs' states) since
 * the budget last started. A handler's cost grows with its local state, and where the abstraction
 * builds ever larger ones (lists that no run makes as long: token-ring-repair) a few hundred
 * thousand asked cost minutes and gigabytes. The abstractions kept among the bundled models intern
 * at most 5,265 (process-group; Ricart–Agrawala n=4: 2,725 in all).
 */
export const SEND_LOCAL_STATES = 10_000;
/** Rounds after which a bound that still grows is widened to Infinity. */
export const WIDEN_AFTER = 3;
/** Bounds above this are taken as unbounded (counting them costs more nodes than it is worth). */
export const MAX_COUNT = 3;
/**
 * Abstract nodes past which the pool of messages is frozen (an assumption the search checks). 100
 * (was 2,000): Ricart–Agrawala n=4 then freezes after its second round (112 nodes) instead of its
 * third (14,401), and the random runs' seed gives the same pool, bounds and graph (52,051 nodes)
 * one round sooner. On every bundled model under --por the same or fewer states (lamport-mutex
 * 4,278 to 4,248; total-order-token 3,661 to 2,491, whose abstraction no longer gives up), and
 * lamport-clocks and vector-clocks no longer give up.
 */
export const FREEZE_NODES = 100;
/**
 * The pool is seeded (onFreeze) inside the build only when the round that froze it has at most this
 * many nodes; after a larger one the rounds are likely to exceed the budget and give up, and the
 * caller seeds and rebuilds once the build is done, if it did not give up (`seeded` false).
 */
export const SEED_AT_FREEZE_NODES = 20_000;
/** For the soundness harness: freeze the pool after this many nodes instead (0: at once, so that searches meet messages outside it). */
export const tuning = { freezeNodes: FREEZE_NODES };

export interface SendStep {
  /** A number naming the step (a memoised outcome), if it has one: what it sends is then worked out once per graph. */
  readonly id?: number;
  readonly next: number;
  /** [channel, message, …] */
  readonly sends: Int32Array;
}

export interface SendSystem {
  readonly n: number;
  readonly chanTo: Int32Array;
  initialComps(): number[];
  localSteps(p: number, comp: number): readonly SendStep[];
  receive(p: number, from: number, comp: number, m: number): SendStep;
  /** A small number naming the message's type (its `type` field). */
  classOf(m: number): number;
  /** How many local states the system has interned so far (for the budget; none when undefined). */
  localStates?(): number;
}

const ALL = -1;

/** What a process may send from each of its components (arrays indexed by component): the mask of receivers, and of (receiver, type) pairs. */
interface Reach {
  readonly to: number[];
  readonly types: number[];
  /** typeMaskTo's answers, per receiver x, by component (computed on demand; NO_MASK: not yet). */
  readonly masks: (Int32Array | undefined)[];
}

const NO_MASK = -0x7fffffff;

/**
 * A process's abstract graph, in typed arrays (no object per node or edge). Nodes are numbered in
 * the order they are found (breadth-first), and a node's out-edges are stored together
 * (edgeStart[i] to edgeStart[i + 1]), since all of them are added while the node is explored.
 * What an edge sends is its step's: the distinct steps (memoised outcomes of the handlers) are
 * numbered per graph, each with its receivers, its (receiver, type) pairs and its sends.
 */
interface Graph {
  /** Nodes. */
  nodes: number;
  /** Per node: its component. */
  comp: Int32Array;
  /** Per node: ALL when a handler failed in this node (then it may send to anyone), else 0. */
  sendMask: Int32Array;
  /** Per node, and one more: where its out-edges start. */
  edgeStart: Int32Array;
  /** Edges. */
  edges: number;
  /** Per edge: its target node, its sender (-1: a local action), its step (see below). */
  edgeTarget: Int32Array;
  edgeFrom: Int32Array;
  edgeStep: Int32Array;
  /** Per step: the mask of receivers, and of (receiver, type) pairs (bits in `pairs`; ALL when one is above 30). */
  stepTo: Int32Array;
  stepPairs: Int32Array;
  /** What step st sends, as [receiver, class, message, …]: sendData[sendAt[st]] to sendData[sendAt[st + 1]]. */
  sendAt: Int32Array;
  sendData: Int32Array;
  /** Step st's sends per pair, as [pair, count, …] (pairs numbered as in `pairs`): weightData[weightAt[st]] to weightData[weightAt[st + 1]]. */
  weightAt: Int32Array;
  weightData: Int32Array;
  byComp: Map<number, number[]>;
  /** Bit of each (receiver, type) pair sent (receiver * 4096 + type), in the order first sent; ALL in a pair mask when more than 31. */
  pairs: Map<number, number>;
  /** The strongly connected components, sinks first (see sccsOf; undefined: not yet computed). */
  sccs?: Sccs;
}

/** A graph's strongly connected components, sinks first: the nodes of component s are nodes[start[s]] to nodes[start[s + 1]]; of: each node's component. */
interface Sccs {
  readonly count: number;
  readonly start: Int32Array;
  readonly nodes: Int32Array;
  readonly of: Int32Array;
}

const grownI32 = (a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> => {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
};

export class SendAbstraction {
  /** Undefined when given up. */
  private graphs: Graph[] | undefined;
  readonly nodes: number = 0;
  readonly rounds: number = 0;
  /** Receipts tried (inbox entries looked at, over every node of every round) and handlers asked, since the budget last started. */
  tried = 0;
  asked = 0;
  /** The local states interned when the budget last started. */
  private statesFrom = 0;
  readonly gaveUp: boolean = false;
  /** Per process r, per `blocked` mask: reach's answers by component (see closure). */
  /** (Per r: an array by `blocked` while processes are few, else a Map.) */
  private memo: (Map<number, Reach> | (Reach | undefined)[])[] = [];

  /** The environment: pool[p] = messages p may receive, keyed from * 2^24 + m. */
  private pool: Map<number, [number, number]>[];
  private bound = new Map<number, number>();
  /** The pool is an assumption (no longer the fixed point of the rounds): see `within`. */
  frozen = false;
  /** onFreeze was called (see SEED_AT_FREEZE_NODES). */
  readonly seeded: boolean = false;
  /**
   * The pool is an assumption, to be checked on every step the search meets: frozen, and not given
   * up (an abstraction that gave up is not asked about the pool: see `poolFrom`).
   */
  get assumed(): boolean {
    return this.frozen && !this.gaveUp;
  }

  /**
   * onFreeze: called once, when the pool is frozen (before the bounds go on to their fixed point
   * under it), to add messages to it (`addToPool`); true when it added some. Not called when the
   * round that froze it was large (SEED_AT_FREEZE_NODES).
   */
  constructor(
    private readonly sys: SendSystem,
    private readonly onFreeze?: (sa: SendAbstraction) => boolean,
  ) {
    this.pool = Array.from({ length: sys.n }, () => new Map());
    this.build();
  }

  /** True when every message of step o (sent by p) is in the pool (always, unless the pool is an assumption). */
  within(p: number, sends: Int32Array): boolean {
    if (this.gaveUp) return true; // (asked during the build too, by onFreeze: graphs are not known yet)
    for (let k = 0; k < sends.length; k += 2) if (!this.pool[this.sys.chanTo[sends[k]]].has(p * 0x1000000 + sends[k + 1])) return false;
    return true;
  }

  /** Adds messages sent by concrete steps (from, channel, message triples) to the pool, and rebuilds. */
  extend(sent: readonly [number, number, number][]): void {
    this.addToPool(sent);
    this.build();
  }

  /** Adds messages sent by concrete steps (from, channel, message triples) to the pool (see extend; onFreeze). */
  addToPool(sent: readonly [number, number, number][]): void {
    for (const [from, ch, m] of sent) this.pool[this.sys.chanTo[ch]].set(from * 0x1000000 + m, [from, m]);
    this.memo = [];
    this.poolMemo.clear();
    this.typesMemo.clear();
    this.maskMemo = [];
    this.pairsMemo = [];
  }

  private build(): void {
    this.pairsMemo = []; // (the pairs' bits are the new graphs')
    try {
      this.rounds_();
    } catch {
      this.graphs = undefined;
      (this as { gaveUp: boolean }).gaveUp = true;
    }
  }

  /** Mask of processes r, in component comp, may send to before any process in `blocked` acts (ALL: unknown). */
  mayTo(r: number, comp: number, blocked: number): number {
    const e = this.reach(r, blocked);
    const x = e === undefined ? undefined : e.to[comp];
    return x === undefined ? ALL : x;
  }

  /** The types of message r, in component comp, may send to x before any process in `blocked` acts (undefined: any). */
  typesTo(r: number, comp: number, blocked: number, x: number): Set<number> | undefined {
    const pm = this.pairsTo(r, comp, blocked);
    if (pm === ALL || this.graphs === undefined) return undefined;
    const key = `${r},${x},${pm}`;
    let out = this.typesMemo.get(key);
    if (out === undefined) {
      out = new Set<number>();
      for (const [code, bit] of this.graphs[r].pairs) if (Math.floor(code / 4096) === x && pm & (1 << bit)) out.add(code % 4096);
      this.typesMemo.set(key, out);
    }
    return out;
  }
  private readonly typesMemo = new Map<string, Set<number>>();

  /** typesTo as a mask of classes (bit c: class c), or -1 for any (unknown, or a class above 30). */
  typeMaskTo(r: number, comp: number, blocked: number, x: number): number {
    // Kept per (r, blocked) and x, by component.
    const e = this.reach(r, blocked);
    if (e === undefined) return -1;
    let byComp = e.masks[x];
    if (byComp === undefined || comp >= byComp.length) {
      const grown = new Int32Array(Math.max(comp + 1, 2 * (byComp?.length ?? 8))).fill(NO_MASK);
      if (byComp !== undefined) grown.set(byComp);
      e.masks[x] = byComp = grown;
    }
    let out = byComp[comp];
    if (out === NO_MASK) byComp[comp] = out = this.typeMaskOf(r, comp, blocked, x);
    return out;
  }

  private typeMaskOf(r: number, comp: number, blocked: number, x: number): number {
    const pm = this.pairsTo(r, comp, blocked);
    const gs = this.graphs;
    if (pm === ALL || gs === undefined) return -1;
    const at = r * this.sys.n + x;
    let byPm = this.maskMemo[at];
    if (byPm === undefined) this.maskMemo[at] = byPm = new Map();
    let out = byPm.get(pm);
    if (out === undefined) {
      out = 0;
      for (const [code, bit] of gs[r].pairs) {
        if (Math.floor(code / 4096) !== x || !(pm & (1 << bit))) continue;
        const cls = code % 4096;
        if (cls > 30) {
          out = -1;
          break;
        }
        out |= 1 << cls;
      }
      byPm.set(pm, out);
    }
    return out;
  }
  private maskMemo: (Map<number, number> | undefined)[] = [];

  /** The messages of the pool from r to x (what r may ever send x; not to be asked once given up, when the pool is what the rounds had found by then). */
  poolFrom(x: number, r: number): number[] {
    const key = x * 64 + r;
    let out = this.poolMemo.get(key);
    if (out === undefined) {
      out = [];
      for (const [from, m] of this.pool[x].values()) if (from === r) out.push(m);
      this.poolMemo.set(key, out);
    }
    return out;
  }
  private readonly poolMemo = new Map<number, number[]>();

  /** At most how many messages of type cls `from` sends `to` in a whole run (Infinity: unknown). */
  limit(from: number, to: number, cls: number): number {
    if (this.graphs === undefined) return Infinity;
    return this.bound.get((from * this.sys.n + to) * 4096 + cls) ?? 0;
  }

  classOf(m: number): number {
    return this.sys.classOf(m);
  }

  // ---- less what a process has sent along the search's path (checker/reduce/por.ts, SENT COUNTS) ----

  /** The bit of (x, cls) among r's pairs (r sends x a message of class cls on some edge of its graph), or -1 (never; or above 30). */
  pairBit(r: number, x: number, cls: number): number {
    const b = this.graphs?.[r].pairs.get(x * 4096 + cls);
    return b === undefined || b > 30 ? -1 : b;
  }

  /** The receivers of the pairs pm of r (ALL: unknown). */
  toOfPairs(r: number, pm: number): number {
    const gs = this.graphs;
    if (pm === ALL || gs === undefined) return ALL;
    let memo = this.pairsMemo[r * (this.sys.n + 1)];
    if (memo === undefined) this.pairsMemo[r * (this.sys.n + 1)] = memo = new Map();
    let out = memo.get(pm);
    if (out !== undefined) return out;
    out = 0;
    for (const [code, bit] of gs[r].pairs) if (bit <= 30 && pm & (1 << bit)) out |= 1 << Math.floor(code / 4096);
    memo.set(pm, out);
    return out;
  }

  /** The classes of the pairs pm of r to x, as a mask (-1: any, unknown or a class above 30). */
  classesOfPairs(r: number, pm: number, x: number): number {
    const gs = this.graphs;
    if (pm === ALL || gs === undefined) return -1;
    const at = r * (this.sys.n + 1) + 1 + x;
    let memo = this.pairsMemo[at];
    if (memo === undefined) this.pairsMemo[at] = memo = new Map();
    let out = memo.get(pm);
    if (out !== undefined) return out;
    out = 0;
    for (const [code, bit] of gs[r].pairs) {
      if (Math.floor(code / 4096) !== x || !(pm & (1 << bit))) continue;
      const cls = code % 4096;
      if (cls > 30) {
        out = -1;
        break;
      }
      out |= 1 << cls;
    }
    memo.set(pm, out);
    return out;
  }
  /** toOfPairs' and classesOfPairs' answers, per r (and receiver), by pairs. */
  private pairsMemo: (Map<number, number> | undefined)[] = [];

  /** The (receiver, type) pairs (bits of the graph's `pairs`) r, in component comp, may send before any process in `blocked` acts (ALL: unknown). */
  pairsTo(r: number, comp: number, blocked: number): number {
    const e = this.reach(r, blocked);
    const y = e === undefined ? undefined : e.types[comp];
    return y === undefined ? ALL : y;
  }

  private reach(r: number, blocked: number): Reach | undefined {
    const gs = this.graphs;
    if (gs === undefined) return undefined;
    let byBlocked = this.memo[r];
    if (byBlocked === undefined) this.memo[r] = byBlocked = this.sys.n <= 12 ? [] : new Map();
    if (Array.isArray(byBlocked)) {
      let m = byBlocked[blocked];
      if (m === undefined) byBlocked[blocked] = m = this.closure(gs[r], blocked);
      return m;
    }
    let m = byBlocked.get(blocked);
    if (m === undefined) {
      m = this.closure(gs[r], blocked);
      byBlocked.set(blocked, m);
    }
    return m;
  }

  private closure(g: Graph, blocked: number): Reach {
    const k = g.nodes;
    const mask = g.sendMask.slice(0, k);
    const pmask = g.sendMask.slice(0, k);
    const { edgeStart, edgeTarget, edgeFrom, edgeStep, stepTo, stepPairs } = g;
    // Components sinks first: one pass, each node after every node it reaches outside its own
    // component; a component of several nodes goes round until nothing changes.
    const { count, start, nodes } = sccsOf(g);
    for (let s = 0; s < count; s++) {
      const a = start[s];
      const b = start[s + 1];
      for (let again = true; again; ) {
        again = false;
        for (let q = a; q < b; q++) {
          const i = nodes[q];
          let x = mask[i];
          let y = pmask[i];
          for (let e = edgeStart[i], end = edgeStart[i + 1]; e < end; e++) {
            const from = edgeFrom[e];
            if (from >= 0 && blocked & (1 << from)) continue;
            const t = edgeTarget[e];
            const st = edgeStep[e];
            x |= stepTo[st] | mask[t];
            y |= stepPairs[st] | pmask[t];
          }
          if (x !== mask[i] || y !== pmask[i]) {
            mask[i] = x;
            pmask[i] = y;
            if (b - a > 1) again = true;
          }
        }
      }
    }
    const out: Reach = { to: [], types: [], masks: [] };
    for (const [comp, ids] of g.byComp) {
      let x = 0;
      let y = 0;
      for (const i of ids) {
        x |= mask[i];
        y |= pmask[i];
      }
      out.to[comp] = x;
      out.types[comp] = y;
    }
    return out;
  }

  /**
   * Rounds to the fixed point. While the pool grows (message values the abstraction invents, such
   * as ever larger timestamps) past FREEZE_NODES nodes, the pool is frozen: it becomes an
   * assumption, checked on every step the search meets (`within`), and only the bounds go on to
   * their fixed point under it.
   */
  private rounds_(): void {
    const { n } = this.sys;
    const init = this.sys.initialComps();
    const bkey = (from: number, to: number, cls: number): number => (from * n + to) * 4096 + cls;
    let bound = this.bound;
    let spent = 0;
    this.tried = this.asked = 0;
    this.statesFrom = this.sys.localStates?.() ?? 0;
    for (let round = 0, boundRounds = 0; ; round++) {
      if (round >= SEND_ROUNDS) throw new Error('budget');
      (this as { rounds: number }).rounds = round + 1;
      let total = 0;
      const graphs: Graph[] = [];
      for (let p = 0; p < n; p++) {
        const g = this.explore(p, init[p], this.pool[p], bound, bkey, SEND_NODES - spent - total);
        total += g.nodes;
        graphs.push(g);
      }
      (this as { nodes: number }).nodes = total;
      spent += total;
      const newPool: Map<number, [number, number]>[] = Array.from({ length: n }, () => new Map());
      const newBound = new Map<number, number>();
      for (let p = 0; p < n; p++) {
        const g = graphs[p];
        // (The messages its steps send, in the order first sent: every step is on some edge. Not
        // needed once the pool is frozen.)
        if (!this.frozen) {
          const es = g.sendData;
          for (let j = 0; j < es.length; j += 3) {
            const key = p * 0x1000000 + es[j + 2];
            if (!newPool[es[j]].has(key)) newPool[es[j]].set(key, [p, es[j + 2]]);
          }
        }
        for (const [key, b] of longestSends(g, n, p, bkey)) newBound.set(key, b);
      }
      // Widening (a larger bound is still sound): bounds never shrink; one above MAX_COUNT, or one
      // that still grows after WIDEN_AFTER rounds, is taken as unbounded (ping-pong without end
      // then gives a finite graph with a cycle).
      const widen = boundRounds >= WIDEN_AFTER;
      for (const [k, b0] of newBound) {
        const old = bound.get(k) ?? 0;
        let b = Math.max(b0, old);
        if (b > MAX_COUNT || (widen && b !== old)) b = Infinity;
        newBound.set(k, b);
      }
      for (const [k, b] of bound) if (!newBound.has(k)) newBound.set(k, b);
      let same = newBound.size === bound.size;
      if (same) for (const [k, b] of newBound) if (bound.get(k) !== b) same = false;
      if (!same) boundRounds++;
      const poolSame = this.frozen || newPool.every((x, p) => x.size === this.pool[p].size);
      if (same && poolSame) {
        this.graphs = graphs;
        this.bound = bound;
        return;
      }
      if (!this.frozen) {
        if (total > tuning.freezeNodes) {
          this.frozen = true;
          // The pool stays the one this round used (with what onFreeze adds): with the bounds
          // unchanged too and nothing added, this round's graphs are what the next round would
          // compute, the fixed point.
          let grew = false;
          if (this.onFreeze !== undefined && total <= SEED_AT_FREEZE_NODES) {
            (this as { seeded: boolean }).seeded = true;
            grew = this.onFreeze(this);
          }
          // (The budget starts again, as for a new build with the larger pool: what `extend` does.)
          if (grew) {
            spent = 0;
            this.tried = this.asked = 0;
            this.statesFrom = this.sys.localStates?.() ?? 0;
          }
          if (same && !grew) {
            this.graphs = graphs;
            this.bound = bound;
            return;
          }
        } else this.pool = newPool;
      }
      bound = newBound;
    }
  }

  /** Process p's graph under the environment. */
  private explore(p: number, init: number, inbox: Map<number, [number, number]>, bound: Map<number, number>, bkey: (f: number, t: number, c: number) => number, budget: number): Graph {
    const { chanTo } = this.sys;
    // Counter slots: one per (sender, class) met in the inbox with a finite bound.
    const slot = new Map<number, number>();
    const inFrom: number[] = [];
    const inMsg: number[] = [];
    const inSlot: number[] = [];
    const inLimit: number[] = [];
    for (const [from, m] of inbox.values()) {
      const cls = this.sys.classOf(m);
      const limit = bound.get(bkey(from, p, cls)) ?? 0;
      if (limit === 0) continue;
      let s = -1;
      if (limit !== Infinity) {
        const sk = from * 4096 + cls;
        s = slot.get(sk) ?? slot.size;
        slot.set(sk, s);
      }
      inFrom.push(from);
      inMsg.push(m);
      inSlot.push(s);
      inLimit.push(limit);
    }
    const inCount = inFrom.length;
    // A node's counts: two bits per slot (each count is at most MAX_COUNT < 4), 15 slots to a word.
    const words = Math.ceil(slot.size / 15);
    const index = new KeyMemo(1 + words);
    const K = index.key;
    let cap = 1024;
    let comp = new Int32Array(cap);
    let sendMask = new Int32Array(cap);
    let counts = new Int32Array(cap * words);
    let edgeStart = new Int32Array(cap + 1);
    let ecap = 4096;
    let edgeTarget = new Int32Array(ecap);
    let edgeFrom = new Int32Array(ecap);
    let edgeStep = new Int32Array(ecap);
    let nodes = 0;
    let edges = 0;
    const byComp = new Map<number, number[]>();
    const pairs = new Map<number, number>();
    // Steps, by their outcome's id.
    let stepById = new Int32Array(256).fill(-1);
    const stepTo: number[] = [];
    const stepPairs: number[] = [];
    // (What each step sends, and per pair, one after the other: no array per step.)
    const sendAt: number[] = [0];
    const sendData: number[] = [];
    const weightAt: number[] = [0];
    const weightData: number[] = [];
    const stepOf = (o: SendStep): number => {
      const id = o.id;
      if (id !== undefined && id < stepById.length && stepById[id] >= 0) return stepById[id];
      const st = stepTo.length;
      let to = 0;
      let pm = 0;
      const w0 = weightData.length;
      for (let k = 0; k < o.sends.length; k += 2) {
        const t = chanTo[o.sends[k]];
        to |= 1 << t;
        const cls = this.sys.classOf(o.sends[k + 1]);
        const code = t * 4096 + cls;
        let bit = pairs.get(code);
        if (bit === undefined) pairs.set(code, (bit = pairs.size));
        pm |= bit < 31 ? 1 << bit : ALL;
        sendData.push(t, cls, o.sends[k + 1]);
        let at = -1;
        for (let q = w0; q < weightData.length; q += 2) if (weightData[q] === bit) at = q;
        if (at < 0) weightData.push(bit, 1);
        else weightData[at + 1]++;
      }
      sendAt.push(sendData.length);
      weightAt.push(weightData.length);
      stepTo.push(to);
      stepPairs.push(pm);
      if (id !== undefined) {
        if (id >= stepById.length) {
          const grown = new Int32Array(Math.max(id + 1, 2 * stepById.length)).fill(-1);
          grown.set(stepById);
          stepById = grown;
        }
        stepById[id] = st;
      }
      return st;
    };
    /** The node (c, the counts of node `at` with slot `bump` one more, when bump ≥ 0). */
    const visit = (c: number, at: number, bump: number): number => {
      K[0] = c;
      for (let w = 0; w < words; w++) K[1 + w] = at < 0 ? 0 : counts[at * words + w];
      if (bump >= 0) K[1 + ((bump / 15) | 0)] += 1 << (2 * (bump % 15));
      const known = index.get(1 + words);
      if (known !== undefined) return known;
      const i = nodes;
      if (i >= budget) throw new Error('budget');
      index.set(1 + words, i);
      if (i === cap) {
        cap *= 2;
        comp = grownI32(comp, cap);
        sendMask = grownI32(sendMask, cap);
        counts = grownI32(counts, cap * words);
        edgeStart = grownI32(edgeStart, cap + 1);
      }
      comp[i] = c;
      for (let w = 0; w < words; w++) counts[i * words + w] = K[1 + w];
      nodes++;
      let ids = byComp.get(c);
      if (ids === undefined) byComp.set(c, (ids = []));
      ids.push(i);
      return i;
    };
    const take = (i: number, st: number, next: number, from: number, bump: number): void => {
      const j = visit(next, i, bump);
      if (edges === ecap) {
        ecap *= 2;
        edgeTarget = grownI32(edgeTarget, ecap);
        edgeFrom = grownI32(edgeFrom, ecap);
        edgeStep = grownI32(edgeStep, ecap);
      }
      edgeTarget[edges] = j;
      edgeFrom[edges] = from;
      edgeStep[edges] = st;
      edges++;
    };
    // Per component: its local actions as [step, next component, …], and per inbox entry the
    // step and next component of its receipt (UNKNOWN: not asked yet; FAILED: the handler failed),
    // asked when a node with that component first allows it.
    const UNKNOWN = -2;
    const FAILED = -1;
    const localsByComp = new Map<number, Int32Array>();
    const receiptsByComp = new Map<number, Int32Array>();
    visit(init, -1, -1);
    for (let i = 0; i < nodes; i++) {
      const c = comp[i];
      edgeStart[i] = edges;
      let ls = localsByComp.get(c);
      if (ls === undefined) {
        const outs = this.sys.localSteps(p, c);
        ls = new Int32Array(2 * outs.length);
        for (let a = 0; a < outs.length; a++) {
          ls[2 * a] = stepOf(outs[a]);
          ls[2 * a + 1] = outs[a].next;
        }
        localsByComp.set(c, ls);
      }
      for (let a = 0; a < ls.length; a += 2) take(i, ls[a], ls[a + 1], -1, -1);
      let rs = receiptsByComp.get(c);
      if (rs === undefined) receiptsByComp.set(c, (rs = new Int32Array(2 * inCount).fill(UNKNOWN)));
      this.tried += inCount;
      if (this.tried > SEND_TRIED) throw new Error('budget');
      for (let k = 0; k < inCount; k++) {
        const s = inSlot[k];
        if (s >= 0 && ((counts[i * words + ((s / 15) | 0)] >> (2 * (s % 15))) & 3) >= inLimit[k]) continue;
        if (rs[2 * k] === UNKNOWN) {
          if (++this.asked > SEND_ASKED || (this.sys.localStates !== undefined && this.sys.localStates() - this.statesFrom > SEND_LOCAL_STATES)) throw new Error('budget');
          try {
            const o = this.sys.receive(p, inFrom[k], c, inMsg[k]);
            rs[2 * k] = stepOf(o);
            rs[2 * k + 1] = o.next;
          } catch {
            rs[2 * k] = FAILED;
          }
        }
        // A handler that fails on this combination (one no run may reach, e.g. a second token):
        // nothing is known of what follows, so p may send to anyone from here on.
        if (rs[2 * k] === FAILED) sendMask[i] = ALL;
        else take(i, rs[2 * k], rs[2 * k + 1], inFrom[k], s);
      }
    }
    edgeStart[nodes] = edges;
    return {
      nodes,
      comp,
      sendMask,
      edgeStart,
      edges,
      edgeTarget,
      edgeFrom,
      edgeStep,
      stepTo: Int32Array.from(stepTo),
      stepPairs: Int32Array.from(stepPairs),
      sendAt: Int32Array.from(sendAt),
      sendData: Int32Array.from(sendData),
      weightAt: Int32Array.from(weightAt),
      weightData: Int32Array.from(weightData),
      byComp,
      pairs,
    };
  }
}

/** g's strongly connected components, sinks first (Tarjan's algorithm, iterative), computed once. */
function sccsOf(g: Graph): Sccs {
  if (g.sccs !== undefined) return g.sccs;
  const k = g.nodes;
  const { edgeStart, edgeTarget } = g;
  const idx = new Int32Array(k).fill(-1);
  const low = new Int32Array(k);
  const onStack = new Uint8Array(k);
  const comp = new Int32Array(k).fill(-1);
  const stack = new Int32Array(k);
  let sp = 0;
  const workNode = new Int32Array(k);
  const workEdge = new Int32Array(k);
  let wp = 0;
  const sccStart: number[] = [];
  const sccNodes = new Int32Array(k);
  let sccFill = 0;
  let counter = 0;
  for (let root = 0; root < k; root++) {
    if (idx[root] >= 0) continue;
    workNode[wp] = root;
    workEdge[wp++] = edgeStart[root];
    idx[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (wp > 0) {
      const v = workNode[wp - 1];
      const e = workEdge[wp - 1];
      if (e < edgeStart[v + 1]) {
        workEdge[wp - 1] = e + 1;
        const w = edgeTarget[e];
        if (idx[w] < 0) {
          idx[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          workNode[wp] = w;
          workEdge[wp++] = edgeStart[w];
        } else if (onStack[w] && idx[w] < low[v]) low[v] = idx[w];
        continue;
      }
      wp--;
      if (wp > 0) {
        const u = workNode[wp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === idx[v]) {
        const s = sccStart.length;
        sccStart.push(sccFill);
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = s;
          sccNodes[sccFill++] = w;
        } while (w !== v);
      }
    }
  }
  const count = sccStart.length;
  sccStart.push(sccFill);
  return (g.sccs = { count, start: Int32Array.from(sccStart), nodes: sccNodes, of: comp });
}

/**
 * Per (p → to, class): the most messages any path of p's graph from its root sends (Infinity when
 * a cycle sends some). Tarjan's algorithm gives the components sinks first. The (receiver, class)
 * pairs are numbered (K of them), and each component's longest sends are a row of K numbers.
 */
function longestSends(g: Graph, n: number, p: number, bkey: (f: number, t: number, c: number) => number): Map<number, number> {
  // The pairs sent on some edge are g.pairs, numbered in the order first sent.
  const K = g.pairs.size;
  const pairKey: number[] = new Array(K);
  for (const [code, bit] of g.pairs) pairKey[bit] = bkey(p, Math.floor(code / 4096), code % 4096);
  if (K === 0) return new Map();
  const { edgeStart, edgeTarget, edgeStep, weightAt, weightData: wd } = g;
  const { count: sccs, start: sccStart, nodes: sccNodes, of: comp } = sccsOf(g);
  // Longest path per pair, sinks first: best[s * K + x] for component s.
  const best = new Float64Array(sccs * K);
  for (let s = 0; s < sccs; s++) {
    const row = s * K;
    for (let a = sccStart[s]; a < sccStart[s + 1]; a++) {
      const v = sccNodes[a];
      for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
        const st = edgeStep[e];
        const w0 = weightAt[st];
        const w1 = weightAt[st + 1];
        const t = comp[edgeTarget[e]];
        if (t === s) {
          for (let q = w0; q < w1; q += 2) best[row + wd[q]] = Infinity;
          continue;
        }
        const trow = t * K;
        for (let x = 0; x < K; x++) if (best[row + x] < best[trow + x]) best[row + x] = best[trow + x];
        for (let q = w0; q < w1; q += 2) if (best[row + wd[q]] < best[trow + wd[q]] + wd[q + 1]) best[row + wd[q]] = best[trow + wd[q]] + wd[q + 1];
      }
    }
  }
  const out = new Map<number, number>();
  const root = comp[0];
  if (root < 0) return out;
  for (let x = 0; x < K; x++) if (best[root * K + x] > 0) out.set(pairKey[x], best[root * K + x]);
  return out;
}
