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
 * It is given up (every process may send to anyone) when the graphs exceed a budget; the pool is
 * then not known to be complete, and partial-order reduction has no open members.
 */

/** Budget: abstract nodes over all processes and all rounds, and rounds. */
export const SEND_NODES = 60_000;
export const SEND_ROUNDS = 64;
/** Rounds after which a bound that still grows is widened to Infinity. */
export const WIDEN_AFTER = 3;
/** Bounds above this are taken as unbounded (counting them costs more nodes than it is worth). */
export const MAX_COUNT = 3;
/** Abstract nodes past which the pool of messages is frozen (an assumption the search checks). */
export const FREEZE_NODES = 2_000;
/**
 * The pool is seeded (onFreeze) inside the build only when the round that froze it has at most this
 * many nodes; after a larger one the rounds are likely to exceed the budget and give up, and the
 * caller seeds and rebuilds once the build is done, if it did not give up (`seeded` false).
 */
export const SEED_AT_FREEZE_NODES = 20_000;
/** For the soundness harness: freeze the pool after this many nodes instead (0: at once, so that searches meet messages outside it). */
export const tuning = { freezeNodes: FREEZE_NODES };

export interface SendStep {
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

interface Graph {
  /** Per node: its component, and counts (one per (sender, class) pair, as a key). */
  comp: number[];
  /** Edges: per node, [target, sender (-1 local), mask of receivers, mask of (receiver, type) pairs (bits in `pairs`), …]. */
  edges: number[][];
  /** ALL when a handler failed in this node (then it may send to anyone), else 0. */
  sendMask: number[];
  /** Per node: sends per (receiver, class) on its out-edges: [edgeIndex, receiver, class, count…]. */
  edgeSends: Int32Array[][];
  byComp: Map<number, number[]>;
  /** Bit of each (receiver, type) pair sent (receiver * 4096 + type); ALL in a pair mask when more than 31. */
  pairs: Map<number, number>;
}

export class SendAbstraction {
  /** Undefined when given up. */
  private graphs: Graph[] | undefined;
  readonly nodes: number = 0;
  readonly rounds: number = 0;
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
    const k = g.comp.length;
    const mask = g.sendMask.slice();
    const pmask = g.sendMask.slice();
    let again = true;
    while (again) {
      again = false;
      for (let i = k - 1; i >= 0; i--) {
        let x = mask[i];
        let y = pmask[i];
        const es = g.edges[i];
        for (let e = 0; e < es.length; e += 4) {
          const from = es[e + 1];
          if (from >= 0 && blocked & (1 << from)) continue;
          x |= es[e + 2] | mask[es[e]];
          y |= es[e + 3] | pmask[es[e]];
        }
        if (x !== mask[i] || y !== pmask[i]) {
          mask[i] = x;
          pmask[i] = y;
          again = true;
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
    for (let round = 0, boundRounds = 0; ; round++) {
      if (round >= SEND_ROUNDS) throw new Error('budget');
      (this as { rounds: number }).rounds = round + 1;
      let total = 0;
      const graphs: Graph[] = [];
      for (let p = 0; p < n; p++) {
        const g = this.explore(p, init[p], this.pool[p], bound, bkey, SEND_NODES - spent - total);
        total += g.comp.length;
        graphs.push(g);
      }
      (this as { nodes: number }).nodes = total;
      spent += total;
      const newPool: Map<number, [number, number]>[] = Array.from({ length: n }, () => new Map());
      const newBound = new Map<number, number>();
      for (let p = 0; p < n; p++) {
        const g = graphs[p];
        for (let i = 0; i < g.comp.length; i++) {
          for (const es of g.edgeSends[i]) {
            for (let j = 1; j < es.length; j += 3) {
              const key = p * 0x1000000 + es[j + 2];
              if (!newPool[es[j]].has(key)) newPool[es[j]].set(key, [p, es[j + 2]]);
            }
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
          if (grew) spent = 0;
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
    const inboxList: { from: number; m: number; slot: number; limit: number }[] = [];
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
      inboxList.push({ from, m, slot: s, limit });
    }
    const width = slot.size;
    const g: Graph = { comp: [], edges: [], sendMask: [], edgeSends: [], byComp: new Map(), pairs: new Map() };
    const index = new Map<number | string, number>();
    const counts: number[][] = [];
    // A node's key: a number while it fits (each count is at most MAX_COUNT < 4: two bits per slot,
    // under a component id below 2^31), else text.
    const numeric = width <= 10 && MAX_COUNT < 4;
    /** The node (comp, c with slot `bump` one more, when bump ≥ 0): the counts are copied only for a new node. */
    const visit = (comp: number, c: number[], bump: number): number => {
      let key: number | string;
      if (numeric) {
        key = comp;
        for (let k = 0; k < width; k++) key = key * 4 + c[k] + (k === bump ? 1 : 0);
      } else key = `${comp}:${c.map((x, k) => x + (k === bump ? 1 : 0)).join(',')}`;
      let i = index.get(key);
      if (i !== undefined) return i;
      i = g.comp.length;
      if (i >= budget) throw new Error('budget');
      index.set(key, i);
      g.comp.push(comp);
      g.edges.push([]);
      g.sendMask.push(0);
      g.edgeSends.push([]);
      if (bump >= 0) {
        c = c.slice();
        c[bump]++;
      }
      counts.push(c);
      let ids = g.byComp.get(comp);
      if (ids === undefined) g.byComp.set(comp, (ids = []));
      ids.push(i);
      return i;
    };
    const take = (i: number, o: SendStep, from: number, c: number[], bump: number): void => {
      const j = visit(o.next, c, bump);
      let to = 0;
      let pm = 0;
      for (let k = 0; k < o.sends.length; k += 2) {
        const t = chanTo[o.sends[k]];
        to |= 1 << t;
        const code = t * 4096 + this.sys.classOf(o.sends[k + 1]);
        let bit = g.pairs.get(code);
        if (bit === undefined) g.pairs.set(code, (bit = g.pairs.size));
        pm |= bit < 31 ? 1 << bit : ALL;
      }
      g.edges[i].push(j, from, to, pm);
      if (o.sends.length > 0) {
        const es: number[] = [g.edges[i].length - 4];
        for (let k = 0; k < o.sends.length; k += 2) es.push(chanTo[o.sends[k]], this.sys.classOf(o.sends[k + 1]), o.sends[k + 1]);
        g.edgeSends[i].push(Int32Array.from(es));
      }
    };
    visit(init, new Array(width).fill(0), -1);
    for (let i = 0; i < g.comp.length; i++) {
      const comp = g.comp[i];
      const c = counts[i];
      for (const o of this.sys.localSteps(p, comp)) take(i, o, -1, c, -1);
      for (const { from, m, slot: s, limit } of inboxList) {
        if (s >= 0 && c[s] >= limit) continue;
        let o: SendStep;
        try {
          o = this.sys.receive(p, from, comp, m);
        } catch {
          // A handler that fails on this combination (one no run may reach, e.g. a second token):
          // nothing is known of what follows, so p may send to anyone from here on.
          g.sendMask[i] = ALL;
          continue;
        }
        take(i, o, from, c, s);
      }
    }
    return g;
  }
}

/**
 * Per (p → to, class): the most messages any path of p's graph from its root sends (Infinity when
 * a cycle sends some). Tarjan's algorithm gives the components sinks first. The (receiver, class)
 * pairs are numbered (K of them), and each component's longest sends are a row of K numbers.
 */
function longestSends(g: Graph, n: number, p: number, bkey: (f: number, t: number, c: number) => number): Map<number, number> {
  const k = g.comp.length;
  // The pairs sent on some edge, numbered; per edge with sends, its counts as [edgeIndex, pair, count, …] rows.
  const pairOf = new Map<number, number>();
  const pairKey: number[] = [];
  const edgeW: (Int32Array | undefined)[][] = g.edges.map((es) => new Array(es.length / 4));
  for (let i = 0; i < k; i++) {
    for (const es of g.edgeSends[i]) {
      const w: number[] = [];
      for (let j = 1; j < es.length; j += 3) {
        const key = bkey(p, es[j], es[j + 1]);
        let x = pairOf.get(key);
        if (x === undefined) {
          pairOf.set(key, (x = pairKey.length));
          pairKey.push(key);
        }
        let at = -1;
        for (let q = 0; q < w.length; q += 2) if (w[q] === x) at = q;
        if (at < 0) w.push(x, 1);
        else w[at + 1]++;
      }
      edgeW[i][es[0] / 4] = Int32Array.from(w);
    }
  }
  const K = pairKey.length;
  if (K === 0) return new Map();
  // Tarjan, iterative.
  const idx = new Int32Array(k).fill(-1);
  const low = new Int32Array(k);
  const onStack = new Uint8Array(k);
  const comp = new Int32Array(k).fill(-1);
  const stack: number[] = [];
  const sccs: number[][] = [];
  let counter = 0;
  const work: [number, number][] = [];
  for (let root = 0; root < k; root++) {
    if (idx[root] >= 0) continue;
    work.push([root, 0]);
    while (work.length) {
      const top = work[work.length - 1];
      const [v, e] = top;
      if (e === 0) {
        idx[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const es = g.edges[v];
      if (e < es.length) {
        top[1] = e + 4;
        const w = es[e];
        if (idx[w] < 0) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v], idx[w]);
        continue;
      }
      work.pop();
      if (work.length) {
        const u = work[work.length - 1][0];
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] === idx[v]) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          comp[w] = sccs.length;
          scc.push(w);
        } while (w !== v);
        sccs.push(scc);
      }
    }
  }
  // Longest path per pair, sinks first: best[s * K + x] for component s.
  const best = new Float64Array(sccs.length * K);
  for (let s = 0; s < sccs.length; s++) {
    const row = s * K;
    for (const v of sccs[s]) {
      const es = g.edges[v];
      for (let e = 0; e < es.length; e += 4) {
        const w = edgeW[v][e / 4];
        const t = comp[es[e]];
        if (t === s) {
          if (w !== undefined) for (let q = 0; q < w.length; q += 2) best[row + w[q]] = Infinity;
          continue;
        }
        const trow = t * K;
        for (let x = 0; x < K; x++) if (best[row + x] < best[trow + x]) best[row + x] = best[trow + x];
        if (w !== undefined) for (let q = 0; q < w.length; q += 2) if (best[row + w[q]] < best[trow + w[q]] + w[q + 1]) best[row + w[q]] = best[trow + w[q]] + w[q + 1];
      }
    }
  }
  const out = new Map<number, number>();
  const root = comp[0];
  if (root < 0) return out;
  for (let x = 0; x < K; x++) if (best[root * K + x] > 0) out.set(pairKey[x], best[root * K + x]);
  return out;
}
