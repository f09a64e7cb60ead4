/**
 * Liveness under fairness, over the reachable graph the breadth-first search stored.
 *
 * While the search runs (only when a liveness property is checked) every transition is kept as
 * (target state id, fairness group) in typed columns, and each state gets a few bits: for each
 * instance of each liveness property, its p and q (p ~> q), and whether it is stuck (no step leads
 * on within the model, a proper end too: the run stays there for ever, as TLC lets it stutter).
 * Then, per instance:
 *
 *   1. the region: the ¬q states reachable through ¬q states from a p ∧ ¬q state;
 *   2. its strongly connected components, by Tarjan's algorithm run iteratively (an explicit
 *      call stack in typed arrays: no recursion), in reverse topological order;
 *   3. per component, Emerson–Lei's refinement for fairness: a group enabled somewhere in the
 *      component under strong fairness but never taken inside it removes the states that enable
 *      it, and what is left is decomposed again; once no such group remains, the component holds
 *      a fair cycle unless a weakly fair group is enabled in every state and never taken;
 *   4. a component is bad when it holds a fair cycle or a stuck state, or leads to a bad one.
 *
 * p ~> q fails exactly when some p ∧ ¬q state lies in a bad component: from it a fair behaviour
 * stays in ¬q for ever. The counterexample is a lasso: the search's shortest path to the first
 * such state (breadth-first ids grow with depth), the shortest path through bad ¬q states to
 * a fair core, and a cycle in that core that takes or disables every group fairness forces.
 *
 * No Set or Map of states: ids index typed arrays, as in the safety search.
 */
import { UsageError } from './errors.ts';
import { home, lanesOf, stored2 } from './fingerprint.ts';
import type { Compiled, CompiledProperty, Fairness, LivenessKind } from './model.ts';
import { U16Column, U32Column } from './store.ts';

/** `declared`: each group as the model declares it; otherwise every forced group gets this fairness (`none`: none is forced). */
export type FairnessMode = 'declared' | Fairness;

const NONE = 0;
const WEAK = 1;
const STRONG = 2;

/**
 * Fingerprint → state id, for the liveness search (which must know where every transition
 * leads, not only whether its target is new). Open addressing over one Int32Array, three words
 * per slot (the two lanes and the id); grows at 3/4 load.
 */
export class IdTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private limit: number;
  private readonly pair = new Int32Array(2);
  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 10;
    while (cap < initialCapacity) cap *= 2;
    this.slots = new Int32Array(cap * 3);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * 0.75);
  }
  get size(): number {
    return this.count;
  }
  get bytes(): number {
    return this.slots.byteLength;
  }
  /** The id of the fingerprint in lanes[0..1]; when it is not there, stores it with `id` and gives -1. */
  findOrAdd(lanes: Int32Array, id: number): number {
    const h1 = lanes[0];
    const h2 = stored2(h1, lanes[1]);
    const slots = this.slots;
    const mask = this.mask;
    let i = home(h1, h2, mask);
    for (;;) {
      const j = i * 3;
      const a = slots[j];
      const b = slots[j + 1];
      if (a === 0 && b === 0) {
        slots[j] = h1;
        slots[j + 1] = h2;
        slots[j + 2] = id;
        if (++this.count > this.limit) this.grow();
        return -1;
      }
      if (a === h1 && b === h2) return slots[j + 2];
      i = (i + 1) & mask;
    }
  }
  /** True when the fingerprint of v[0..width) is stored. */
  hasVector(v: Int32Array, width: number): boolean {
    lanesOf(v, width, this.pair);
    const h1 = this.pair[0];
    const h2 = stored2(h1, this.pair[1]);
    let i = home(h1, h2, this.mask);
    for (;;) {
      const j = i * 3;
      if (this.slots[j] === 0 && this.slots[j + 1] === 0) return false;
      if (this.slots[j] === h1 && this.slots[j + 1] === h2) return true;
      i = (i + 1) & this.mask;
    }
  }
  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * 3);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 3) {
      const a = old[j];
      const b = old[j + 1];
      if (a === 0 && b === 0) continue;
      let i = home(a, b, mask);
      while (slots[i * 3] !== 0 || slots[i * 3 + 1] !== 0) i = (i + 1) & mask;
      slots[i * 3] = a;
      slots[i * 3 + 1] = b;
      slots[i * 3 + 2] = old[j + 2];
    }
    this.slots = slots;
    this.mask = mask;
    this.limit = Math.floor(cap * 0.75);
  }
}

/** One instance of a liveness property: the property, and i. */
interface Instance {
  readonly prop: number;
  readonly i: number;
}

/** The transitions and per-state bits the search records for the liveness check. */
export class LivenessGraph {
  readonly ids: IdTable;
  private readonly start = new U32Column();
  private readonly count = new U16Column();
  private readonly target = new U32Column();
  private readonly group = new U16Column();
  private readonly marks = new U32Column();
  /** The step label of each transition, when not its index among its state's (partial-order reduction stores some steps only). */
  private readonly label: U16Column | undefined;
  /** Fairness groups of the steps of the state being expanded. */
  readonly groups = new Int32Array(1 << 16);
  private instances: Instance[] | undefined;
  private counts: number[] = [];
  private bits = new Uint8Array(0);
  private words = 1;
  private stepIndex = 0;
  private stepCount = 0;
  private expanding = 0;
  constructor(
    private readonly c: Compiled,
    readonly props: readonly CompiledProperty[],
    initialCapacity: number,
    labelled = false,
  ) {
    this.ids = new IdTable(initialCapacity);
    if (labelled) this.label = new U16Column();
  }
  get instanceList(): readonly Instance[] {
    return this.instances ?? [];
  }
  get states(): number {
    return this.count.length;
  }
  /** Records the bits of state v (just added with this id; `initial` when it has no parent). */
  addState(v: Int32Array, initial: boolean): void {
    if (this.instances === undefined) {
      const list: Instance[] = [];
      this.counts = this.props.map((p, k) => {
        const n = p.instances ? p.instances(v) : 1;
        for (let i = 0; i < n; i++) list.push({ prop: k, i });
        return n;
      });
      this.instances = list;
      this.words = Math.ceil((2 + 2 * list.length) / 32);
      this.bits = new Uint8Array(2 * list.length);
    }
    this.start.push(0);
    this.count.push(0);
    // p and q of every instance, each property reading the state once where it can.
    const bits = this.bits;
    let j = 0;
    for (let k = 0; k < this.props.length; k++) {
      const pr = this.props[k];
      const n = this.counts[k];
      const kind = pr.kind as LivenessKind;
      if (kind === 'leadsTo' && pr.both) pr.both(v, n, bits.subarray(2 * j, 2 * (j + n)));
      else {
        for (let i = 0; i < n; i++) {
          bits[2 * (j + i)] = (kind === 'eventually' ? initial : kind === 'infinitelyOften' ? true : pr.holds(v, i)) ? 1 : 0;
          bits[2 * (j + i) + 1] = (kind === 'leadsTo' ? (pr.leadsTo as (v: Int32Array, i: number) => boolean)(v, i) : pr.holds(v, i)) ? 1 : 0;
        }
      }
      j += n;
    }
    let w = initial ? 2 : 0;
    let word = 0;
    for (let b = 0; b < bits.length; b++) {
      const bit = 2 + b;
      if (bit >>> 5 !== word) {
        this.marks.push(w);
        w = 0;
        word++;
      }
      if (bits[b]) w |= 1 << (bit & 31);
    }
    this.marks.push(w);
    for (word++; word < this.words; word++) this.marks.push(0);
  }
  /** The search is about to expand state id (v): its steps' groups are computed now. */
  beginExpand(id: number, v: Int32Array): void {
    this.expanding = id;
    this.stepIndex = 0;
    this.stepCount = this.c.fairness ? this.c.fairness.groups(v, this.groups) : 0;
    this.start.set(id, this.target.length);
  }
  /** The next step of the state being expanded leads to state `to`; `label`: its label, when the graph is labelled. */
  edge(to: number, label = this.stepIndex): void {
    this.target.push(to);
    this.group.push(label < this.stepCount ? this.groups[label] : 0);
    this.label?.push(label);
    this.stepIndex++;
  }
  /** The expansion is over; `stuck` when no step leads on from it within the model (a proper end too). */
  endExpand(stuck: boolean): void {
    this.count.set(this.expanding, this.stepIndex);
    if (stuck) this.marks.set(this.expanding * this.words, this.marks.get(this.expanding * this.words) | 1);
  }
  get bytes(): number {
    return this.ids.bytes + this.start.bytes + this.count.bytes + this.target.bytes + this.group.bytes + this.marks.bytes + (this.label?.bytes ?? 0);
  }
  /** Flat arrays for the check (compressed sparse rows, in id order). */
  flatten(): Flat {
    const N = this.count.length;
    const off = new Uint32Array(N + 1);
    for (let s = 0; s < N; s++) off[s + 1] = off[s] + this.count.get(s);
    const E = off[N];
    const target = new Uint32Array(E);
    const group = new Uint16Array(E);
    const label = this.label ? new Uint16Array(E) : undefined;
    let groups = 1;
    for (let s = 0; s < N; s++) {
      const from = this.start.get(s);
      const o = off[s];
      const k = off[s + 1] - o;
      for (let e = 0; e < k; e++) {
        target[o + e] = this.target.get(from + e);
        const g = this.group.get(from + e);
        group[o + e] = g;
        if (label) label[o + e] = (this.label as U16Column).get(from + e);
        if (g >= groups) groups = g + 1;
      }
    }
    const marks = new Uint32Array(N * this.words);
    for (let i = 0; i < marks.length; i++) marks[i] = this.marks.get(i);
    return { N, off, target, group, groups, marks, words: this.words, ...(label ? { label } : {}) };
  }
}

/** The graph as compressed sparse rows. */
export interface Flat {
  readonly N: number;
  /** Steps of state s: off[s] … off[s+1]-1 (the label of step e is e - off[s]). */
  readonly off: Uint32Array;
  readonly target: Uint32Array;
  readonly group: Uint16Array;
  /** 1 + the largest group id. */
  readonly groups: number;
  /** Per state, `words` words: bit 0 stuck, bit 1 initial, then per instance j bits 2+2j (p) and 3+2j (q). */
  readonly marks: Uint32Array;
  readonly words: number;
  /** The label of each step, when it is not e - off[s] (a graph reduced by partial-order reduction). */
  readonly label?: Uint16Array;
}

/** A violated instance: where it starts and the steps after it. */
export interface Lasso {
  /** The p ∧ ¬q state the search reached first (its path is the search's shortest). */
  readonly seed: number;
  /** Step labels from the seed to the end of the lasso. */
  readonly labels: readonly number[];
  /** Index in `labels` where the cycle starts; absent for a stuck path. */
  readonly loop?: number;
}

export interface InstanceResult {
  readonly prop: number;
  readonly i: number;
  readonly lasso?: Lasso;
}

/** The fairness of each group after the mode's override: 0 none, 1 weak, 2 strong. */
export function resolveFairness(c: Compiled, groups: number, mode: FairnessMode): Uint8Array {
  const gf = new Uint8Array(groups);
  for (let g = 1; g < groups; g++) {
    const declared = c.fairness ? c.fairness.group(g).fairness : 'none';
    if (declared === 'none' || mode === 'none') continue;
    const f = mode === 'declared' ? declared : mode;
    gf[g] = f === 'strong' ? STRONG : f === 'weak' ? WEAK : NONE;
  }
  return gf;
}

/** Iterative Tarjan over the states whose `sub` equals a tag; arrays sized for the whole graph. */
class Tarjan {
  readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly stack: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly csNode: Int32Array;
  private readonly csEdge: Uint32Array;
  constructor(N: number) {
    this.index = new Int32Array(N).fill(-1);
    this.low = new Int32Array(N);
    this.stack = new Int32Array(N);
    this.onStack = new Uint8Array(N);
    this.csNode = new Int32Array(N);
    this.csEdge = new Uint32Array(N);
  }
  get bytes(): number {
    return this.index.byteLength * 6 - this.onStack.byteLength * 3;
  }
  /**
   * Visits from each root in roots[0..n) with sub[root] === tag, calling onScc(stack, from, to)
   * with each component (in reverse topological order) while it is on the stack.
   */
  run(g: Flat, sub: Int32Array, tag: number, roots: Int32Array, n: number, onScc: (stack: Int32Array, from: number, to: number) => void): void {
    const { off, target } = g;
    const { index, low, stack, onStack, csNode, csEdge } = this;
    let counter = 0;
    let sp = 0;
    let cs = 0;
    for (let r = 0; r < n; r++) {
      const root = roots[r];
      if (sub[root] !== tag || index[root] !== -1) continue;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      csNode[cs] = root;
      csEdge[cs++] = off[root];
      while (cs > 0) {
        const v = csNode[cs - 1];
        const e = csEdge[cs - 1];
        if (e < off[v + 1]) {
          csEdge[cs - 1] = e + 1;
          const w = target[e];
          if (sub[w] !== tag) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            csNode[cs] = w;
            csEdge[cs++] = off[w];
          } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
          continue;
        }
        cs--;
        if (low[v] === index[v]) {
          let from = sp;
          do from--;
          while (stack[from] !== v);
          for (let k = from; k < sp; k++) onStack[stack[k]] = 0;
          onScc(stack, from, sp);
          sp = from;
        }
        if (cs > 0) {
          const u = csNode[cs - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
      }
    }
  }
  /** Makes the given states unvisited again. */
  reset(nodes: Int32Array, n: number): void {
    for (let k = 0; k < n; k++) this.index[nodes[k]] = -1;
  }
}

/** Scratch for the check, sized once for the graph. */
class Checker {
  private readonly sub: Int32Array;
  private readonly bad: Uint8Array;
  private readonly core: Int32Array;
  private readonly queue: Int32Array;
  private readonly via: Int32Array;
  private readonly prev: Int32Array;
  private readonly stamp: Int32Array;
  private stampNow = 0;
  private readonly outer: Tarjan;
  private inner: Tarjan | undefined;
  private readonly seen: Int32Array;
  private readonly enabledCount: Int32Array;
  private readonly taken: Uint8Array;
  private tag = 1;
  private coreCount = 0;
  peakBytes = 0;
  constructor(
    private readonly g: Flat,
    private readonly gf: Uint8Array,
  ) {
    const N = g.N;
    this.sub = new Int32Array(N);
    this.bad = new Uint8Array(N);
    this.core = new Int32Array(N);
    this.queue = new Int32Array(N);
    this.via = new Int32Array(N);
    this.prev = new Int32Array(N);
    this.stamp = new Int32Array(N);
    this.outer = new Tarjan(N);
    this.seen = new Int32Array(g.groups).fill(-1);
    this.enabledCount = new Int32Array(g.groups);
    this.taken = new Uint8Array(g.groups);
    this.peakBytes = N * 25 + this.outer.bytes + g.groups * 9;
  }

  private p(s: number, j: number): boolean {
    const bit = 2 + 2 * j;
    return ((this.g.marks[s * this.g.words + (bit >>> 5)] >>> (bit & 31)) & 1) === 1;
  }
  private q(s: number, j: number): boolean {
    const bit = 3 + 2 * j;
    return ((this.g.marks[s * this.g.words + (bit >>> 5)] >>> (bit & 31)) & 1) === 1;
  }
  private stuck(s: number): boolean {
    return (this.g.marks[s * this.g.words] & 1) === 1;
  }

  /** Checks instance j; gives the lasso of a violation, or undefined when it holds. */
  check(j: number): Lasso | undefined {
    const { N, off, target } = this.g;
    const { sub, bad, core, queue } = this;
    sub.fill(0);
    bad.fill(0);
    core.fill(0);
    this.outer.index.fill(-1);
    this.tag = 1;
    // 1. The region: ¬q states reachable through ¬q states from p ∧ ¬q states.
    let qn = 0;
    for (let s = 0; s < N; s++) {
      if (this.p(s, j) && !this.q(s, j)) {
        sub[s] = 1;
        queue[qn++] = s;
      }
    }
    if (qn === 0) return undefined;
    const seeds = qn;
    for (let h = 0; h < qn; h++) {
      const s = queue[h];
      for (let e = off[s]; e < off[s + 1]; e++) {
        const t = target[e];
        if (sub[t] === 0 && !this.q(t, j)) {
          sub[t] = 1;
          queue[qn++] = t;
        }
      }
    }
    // 2–4. Components in reverse topological order; bad ones marked. Every component's fair
    // cores are marked, also in one that leads to a bad one already: the lasso goes on to the
    // nearest fair cycle, not to one further down.
    const regionNodes = queue.slice(0, qn);
    this.outer.run(this.g, sub, 1, regionNodes, qn, (stack, from, to) => {
      let isBad = false;
      for (let k = from; k < to && !isBad; k++) {
        const s = stack[k];
        if (this.stuck(s)) isBad = true;
        for (let e = off[s]; e < off[s + 1]; e++) if (bad[target[e]]) isBad = true;
      }
      if (this.fairCore(stack.slice(from, to))) isBad = true;
      if (isBad) for (let k = from; k < to; k++) bad[stack[k]] = 1;
    });
    let seed = -1;
    for (let k = 0; k < seeds; k++) {
      if (bad[regionNodes[k]]) {
        seed = regionNodes[k];
        break;
      }
    }
    if (seed < 0) return undefined;
    return this.lassoFrom(seed);
  }

  /**
   * Emerson–Lei: does the component (nodes, all with sub tagged by the outer run) hold a fair
   * cycle? Marks every fair core in `core` (each with its own number) and says whether there is
   * one. A state lies on a fair cycle exactly when it is in a fair core: such a cycle stays in
   * one component, is never removed with the states enabling a strong group it leaves untaken
   * (it visits none), and rules out a weak group's verdict on any component holding it.
   */
  private fairCore(nodes: Int32Array): boolean {
    const { off, target, group } = this.g;
    const { sub, gf, seen, enabledCount, taken } = this;
    const work: Int32Array[] = [nodes];
    const touched: number[] = [];
    let found = false;
    while (work.length > 0) {
      const L = work.pop() as Int32Array;
      const tag = ++this.tag;
      for (let k = 0; k < L.length; k++) sub[L[k]] = tag;
      if (L.length === 1) {
        const s = L[0];
        let loop = false;
        for (let e = off[s]; e < off[s + 1]; e++) if (target[e] === s) loop = true;
        if (!loop) continue;
      }
      touched.length = 0;
      for (let k = 0; k < L.length; k++) {
        const s = L[k];
        for (let e = off[s]; e < off[s + 1]; e++) {
          const gr = group[e];
          if (gf[gr] === NONE) continue;
          if (seen[gr] !== s) {
            if (seen[gr] === -1 && enabledCount[gr] === 0 && !taken[gr]) touched.push(gr);
            seen[gr] = s;
            enabledCount[gr]++;
          }
          if (sub[target[e]] === tag) taken[gr] = 1;
        }
      }
      let strongBad = false;
      let weakBad = false;
      for (const gr of touched) {
        if (taken[gr]) continue;
        if (gf[gr] === STRONG) strongBad = true;
        else if (enabledCount[gr] === L.length) weakBad = true;
      }
      if (strongBad) {
        // Keep the states that enable no strong group left untaken, and decompose them again.
        const rest = new Int32Array(L.length);
        let rn = 0;
        for (let k = 0; k < L.length; k++) {
          const s = L[k];
          let keep = true;
          for (let e = off[s]; e < off[s + 1] && keep; e++) {
            const gr = group[e];
            if (gf[gr] === STRONG && !taken[gr]) keep = false;
          }
          if (keep) rest[rn++] = s;
        }
        this.clear(touched);
        if (rn === 0) continue;
        const innerTag = ++this.tag;
        for (let k = 0; k < rn; k++) sub[rest[k]] = innerTag;
        this.inner ??= new Tarjan(this.g.N);
        this.peakBytes = Math.max(this.peakBytes, this.g.N * 25 + this.outer.bytes * 2 + this.g.groups * 9);
        this.inner.reset(rest, rn);
        this.inner.run(this.g, sub, innerTag, rest, rn, (stack, from, to) => {
          work.push(stack.slice(from, to));
        });
        continue;
      }
      this.clear(touched);
      if (weakBad) continue;
      const id = ++this.coreCount;
      for (let k = 0; k < L.length; k++) this.core[L[k]] = id;
      found = true;
    }
    return found;
  }
  private clear(touched: number[]): void {
    for (const gr of touched) {
      this.seen[gr] = -1;
      this.enabledCount[gr] = 0;
      this.taken[gr] = 0;
    }
  }

  /** Breadth-first from `from` through states where ok(s); the shortest path (labels) to a state where goal(s, e) (e: an edge that must be taken last, or -1). */
  private path(from: number, ok: (s: number) => boolean, goal: (s: number) => number): { end: number; labels: number[]; edges: number[] } {
    const { off, target } = this.g;
    const { queue, via, prev, stamp } = this;
    const now = ++this.stampNow;
    let head = 0;
    let tail = 0;
    queue[tail++] = from;
    stamp[from] = now;
    via[from] = -1;
    while (head < tail) {
      const s = queue[head++];
      const last = goal(s);
      if (last !== -2) {
        const labels: number[] = [];
        const edges: number[] = [];
        let end = s;
        const lab = this.g.label;
        if (last >= 0) {
          labels.push(lab ? lab[last] : last - off[s]);
          edges.push(last);
          end = target[last];
        }
        for (let x = s; via[x] >= 0; x = prev[x]) {
          labels.push(lab ? lab[via[x]] : via[x] - off[prev[x]]);
          edges.push(via[x]);
        }
        labels.reverse();
        edges.reverse();
        return { end, labels, edges };
      }
      for (let e = off[s]; e < off[s + 1]; e++) {
        const t = target[e];
        if (stamp[t] === now || !ok(t)) continue;
        stamp[t] = now;
        via[t] = e;
        prev[t] = s;
        queue[tail++] = t;
      }
    }
    throw new Error('internal: no path in the liveness graph where one must exist');
  }
  private enables(s: number, gr: number): boolean {
    const { off, group } = this.g;
    for (let e = off[s]; e < off[s + 1]; e++) if (group[e] === gr) return true;
    return false;
  }

  /**
   * The lasso from a seed in a bad component: on to a fair core (or a stuck state), then round
   * it. Of the cores (and stuck states) reachable from the seed through bad states, each entered
   * where breadth-first search from the seed meets it first, the one whose path there and cycle
   * together are shortest (the nearest on a tie); a core further than the best total so far is
   * not tried. Not always the shortest lasso there is: a core entered elsewhere, or a cycle with
   * its obligations met in another order, may be shorter (finding the shortest fair cycle is a
   * hard problem in general).
   */
  private lassoFrom(seed: number): Lasso {
    const { off, target } = this.g;
    const { bad, core, queue, stamp } = this;
    // Breadth-first from the seed through bad states: where each core is first met, and the first
    // stuck state, with their distances (levels counted, no array of its own).
    const entries: number[] = [];
    const distances: number[] = [];
    const met = new Set<number>();
    {
      const now = ++this.stampNow;
      let head = 0;
      let tail = 0;
      queue[tail++] = seed;
      stamp[seed] = now;
      let level = 0;
      let levelEnd = tail;
      let stuckMet = false;
      while (head < tail) {
        if (head === levelEnd) {
          level++;
          levelEnd = tail;
        }
        const s = queue[head++];
        if (core[s] !== 0 && !met.has(core[s])) {
          met.add(core[s]);
          entries.push(s);
          distances.push(level);
        } else if (core[s] === 0 && !stuckMet && this.stuck(s)) {
          stuckMet = true;
          entries.push(s);
          distances.push(level);
        }
        for (let e = off[s]; e < off[s + 1]; e++) {
          const t = target[e];
          if (stamp[t] === now || bad[t] !== 1) continue;
          stamp[t] = now;
          queue[tail++] = t;
        }
      }
    }
    let best = -1;
    let bestTotal = Infinity;
    let bestCycle: number[] = [];
    for (let k = 0; k < entries.length && distances[k] < bestTotal; k++) {
      const s = entries[k];
      const cycle = core[s] === 0 ? [] : this.cycleFrom(s);
      if (distances[k] + cycle.length < bestTotal) {
        best = s;
        bestTotal = distances[k] + cycle.length;
        bestCycle = cycle;
      }
    }
    if (best < 0) throw new Error('internal: no fair core or stuck state reachable from a bad seed');
    const toCore = this.path(seed, (s) => bad[s] === 1, (s) => (s === best ? -1 : -2));
    if (core[best] === 0) return { seed, labels: toCore.labels };
    return { seed, labels: [...toCore.labels, ...bestCycle], loop: toCore.labels.length };
  }

  /** A fair cycle from c0, a state of a fair core, back to c0 (its step labels). */
  private cycleFrom(c0: number): number[] {
    const { off, target, group } = this.g;
    const { core, gf } = this;
    const id = core[c0];
    const inCore = (s: number): boolean => core[s] === id;
    // Obligations: every forced group enabled somewhere in the core is taken (strong, or weak
    // with a step inside the core) or, for a weak group with none, disabled at a visited state.
    const required: number[] = [];
    const gseen = new Uint8Array(this.g.groups);
    const members: number[] = [];
    {
      const stamp = ++this.stampNow;
      const q = [c0];
      this.stamp[c0] = stamp;
      for (let h = 0; h < q.length; h++) {
        const s = q[h];
        members.push(s);
        for (let e = off[s]; e < off[s + 1]; e++) {
          const gr = group[e];
          if (gf[gr] !== NONE && !gseen[gr]) {
            gseen[gr] = 1;
            required.push(gr);
          }
          const t = target[e];
          if (inCore(t) && this.stamp[t] !== stamp) {
            this.stamp[t] = stamp;
            q.push(t);
          }
        }
      }
    }
    const takenInCore = new Uint8Array(this.g.groups);
    for (const s of members) for (let e = off[s]; e < off[s + 1]; e++) if (inCore(target[e])) takenInCore[group[e]] = 1;
    const cycle: number[] = [];
    const takenOnCycle = new Uint8Array(this.g.groups);
    const visited: number[] = [c0];
    let cur = c0;
    const walk = (r: { end: number; labels: number[]; edges: number[] }): void => {
      for (const e of r.edges) {
        takenOnCycle[group[e]] = 1;
        visited.push(target[e]);
      }
      cycle.push(...r.labels);
      cur = r.end;
    };
    // First the shortest cycle through c0 (to the nearest state with a step back to c0, and
    // that step), then detours for what it leaves unmet.
    walk(this.path(c0, inCore, (s) => {
      for (let e = off[s]; e < off[s + 1]; e++) if (target[e] === c0) return e;
      return -2;
    }));
    for (const gr of required) {
      if (takenOnCycle[gr]) continue;
      if (gf[gr] === WEAK && visited.some((s) => !this.enables(s, gr))) continue;
      if (gf[gr] === WEAK && !takenInCore[gr]) {
        walk(this.path(cur, inCore, (s) => (this.enables(s, gr) ? -2 : -1)));
        continue;
      }
      walk(this.path(cur, inCore, (s) => {
        for (let e = off[s]; e < off[s + 1]; e++) if (group[e] === gr && inCore(target[e])) return e;
        return -2;
      }));
    }
    if (cur !== c0) walk(this.path(cur, inCore, (s) => (s === c0 ? -1 : -2)));
    return cycle;
  }
}

export interface LivenessOutcome {
  readonly results: readonly InstanceResult[];
  /** Bytes of the flat graph and the check's scratch arrays. */
  readonly bytes: number;
  readonly transitions: number;
  /** How many groups are forced weakly and strongly. */
  readonly weakGroups: number;
  readonly strongGroups: number;
}

/** Checks every instance of every liveness property over the recorded graph. */
export function checkLiveness(c: Compiled, graph: LivenessGraph, mode: FairnessMode, flat: Flat = graph.flatten()): LivenessOutcome {
  const gf = resolveFairness(c, flat.groups, mode);
  const checker = new Checker(flat, gf);
  const results: InstanceResult[] = [];
  graph.instanceList.forEach((inst, j) => {
    const lasso = checker.check(j);
    results.push({ prop: inst.prop, i: inst.i, lasso });
  });
  let weakGroups = 0;
  let strongGroups = 0;
  for (let g = 1; g < gf.length; g++) {
    if (gf[g] === WEAK) weakGroups++;
    else if (gf[g] === STRONG) strongGroups++;
  }
  const flatBytes = flat.off.byteLength + flat.target.byteLength + flat.group.byteLength + flat.marks.byteLength;
  return { results, bytes: flatBytes + checker.peakBytes, transitions: flat.target.length, weakGroups, strongGroups };
}

/**
 * On the fly: the check over the part of the graph expanded so far, while the search goes on.
 * Sound for every fairness: a state not yet expanded has no steps in the graph and is not marked
 * stuck, so it lies on no cycle and is no stuck end; a component of expanded states has all its
 * steps, so which groups it enables and takes, and hence whether it holds a fair cycle, is
 * exactly as in the whole graph; a stuck state is one expanded with no step. So every violation
 * found here is one of the whole graph, with a lasso that is a real run; what is not found yet
 * may be found later (or by the final check). Gives the outcome only when some instance fails.
 */
export function earlyLiveness(c: Compiled, graph: LivenessGraph, mode: FairnessMode): LivenessOutcome | undefined {
  const out = checkLiveness(c, graph, mode);
  return out.results.some((r) => r.lasso !== undefined) ? out : undefined;
}

/** Parses `--fairness`. */
export function parseFairnessMode(raw: string): FairnessMode {
  if (raw === 'none' || raw === 'weak' || raw === 'strong' || raw === 'declared') return raw;
  throw new UsageError(`--fairness must be none, weak, strong or declared, got '${raw}'`);
}
