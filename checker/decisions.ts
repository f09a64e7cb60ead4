/**
 * Decision trees over integer state vectors, for memoising a pure function of a state by the
 * slots it reads. Each inner node reads one slot and branches on its value; a leaf holds the
 * result. A function that read slots a, b, c (in that order) on a state is known, without
 * calling it, on every state that agrees on a, b and c: a pure function reading the same values
 * takes the same path, so it reads the same next slot and returns the same result.
 *
 * The trees live in typed arrays (a look-up is a few array reads, no object is touched). A
 * node's branches are a dense run of the kids array indexed by value; a value far beyond the
 * values a node has seen goes to a per-node map instead, so a node that sees few values of a
 * slot with millions holds few entries.
 */

/** A path that disagrees with what the tree knows: the function is not deterministic. */
export class PathConflict extends Error {
  constructor(
    /** Position in the path where the disagreement is. */
    readonly at: number,
    /** The slot the tree reads there (-1: the tree has a result there). */
    readonly known: number,
    /** The slot the path reads there (-1: the path ends there). */
    readonly found: number,
  ) {
    super(`the path reads ${found} where the tree reads ${known}`);
  }
}

const NODE = 4; // cells per node: slot, kids base, kids capacity, kids set
const UNKNOWN = 0;

/** Any number of trees (numbered 0…), sharing one pool; leaves hold values of type T. */
export class DecisionTrees<T> {
  private roots: Int32Array;
  private cells = new Int32Array(NODE * 256);
  private cellsUsed = NODE; // offset 0 is not a node: a ref of 0 means "not known yet"
  private kids = new Int32Array(4096);
  private kidsUsed = 0;
  private readonly sparse = new Map<number, Map<number, number>>();
  /** leaves[i] is the result held by leaf i. */
  readonly leaves: T[] = [];

  constructor(readonly trees: number) {
    this.roots = new Int32Array(Math.max(1, trees));
  }

  /** Number of inner nodes. */
  get nodes(): number {
    return this.cellsUsed / NODE - 1;
  }

  /** The leaf (an index into `leaves`) that tree t reaches on v, or -1 if v leaves the known paths. */
  find(t: number, v: Int32Array): number {
    const cells = this.cells;
    const kids = this.kids;
    let r = this.roots[t];
    while (r > 0) {
      const x = v[cells[r]];
      r = x < cells[r + 2] ? kids[cells[r + 1] + x] : this.sparseKid(r, x);
    }
    return r === UNKNOWN ? -1 : ~r;
  }

  /** The slot the root of tree t reads (-1 if t is unknown or its root is a leaf: it reads nothing). */
  rootSlot(t: number): number {
    const r = this.roots[t];
    return r > 0 ? this.cells[r] : -1;
  }

  /**
   * Where the root of tree t leads when its slot holds x: a leaf (its index, ≥ 0), an inner
   * node (-2), or not known yet (-1).
   */
  afterRoot(t: number, x: number): number {
    const r = this.roots[t];
    if (r <= 0) return -1;
    const k = x < this.cells[r + 2] ? this.kids[this.cells[r + 1] + x] : this.sparseKid(r, x);
    return k === UNKNOWN ? -1 : k > 0 ? -2 : ~k;
  }

  private sparseKid(r: number, x: number): number {
    return this.sparse.get(r)?.get(x) ?? UNKNOWN;
  }

  /**
   * Adds the path (the slots read, in order) that tree t follows on v, ending in a leaf holding
   * `value`; gives the leaf's index. Parts of the path already known are followed; a path that
   * disagrees with them throws a PathConflict.
   */
  insert(t: number, v: Int32Array, path: readonly number[], value: T): number {
    let r = this.roots[t];
    let parent = 0; // the node whose branch is being followed (0: the root of t)
    let x = 0;
    for (let j = 0; ; j++) {
      if (r === UNKNOWN) {
        r = j < path.length ? this.node(path[j]) : ~(this.leaves.push(value) - 1);
        if (parent === 0) this.roots[t] = r;
        else this.setKid(parent, x, r);
      }
      if (j === path.length) break;
      if (r < 0 || this.cells[r] !== path[j]) throw new PathConflict(j, r < 0 ? -1 : this.cells[r], path[j]);
      parent = r;
      x = v[path[j]];
      r = x < this.cells[r + 2] ? this.kids[this.cells[r + 1] + x] : this.sparseKid(r, x);
    }
    if (r >= 0) throw new PathConflict(path.length, this.cells[r], -1);
    return ~r;
  }

  private node(slot: number): number {
    if (this.cellsUsed + NODE > this.cells.length) this.cells = grown(this.cells, this.cellsUsed + NODE);
    const r = this.cellsUsed;
    this.cellsUsed += NODE;
    this.cells[r] = slot;
    this.cells[r + 1] = 0;
    this.cells[r + 2] = 0;
    this.cells[r + 3] = 0;
    return r;
  }

  private setKid(r: number, x: number, ref: number): void {
    const cells = this.cells;
    const cap = cells[r + 2];
    const set = ++cells[r + 3];
    if (x >= cap) {
      // Dense while the run stays within a few times the branches the node has: else sparse.
      const want = Math.max(4, x + 1, cap * 2);
      if (want > 16 && want > 4 * set) {
        let m = this.sparse.get(r);
        if (m === undefined) this.sparse.set(r, (m = new Map()));
        m.set(x, ref);
        return;
      }
      if (this.kidsUsed + want > this.kids.length) this.kids = grown(this.kids, this.kidsUsed + want);
      const base = this.kidsUsed;
      this.kids.copyWithin(base, cells[r + 1], cells[r + 1] + cap);
      this.kidsUsed += want;
      cells[r + 1] = base;
      cells[r + 2] = want;
      // Branches kept sparse that now fall inside the run move into it.
      const m = this.sparse.get(r);
      if (m !== undefined) {
        for (const [y, kid] of m) if (y < want) {
          this.kids[base + y] = kid;
          m.delete(y);
        }
        if (m.size === 0) this.sparse.delete(r);
      }
    }
    this.kids[cells[r + 1] + x] = ref;
  }

  /**
   * The trees as data for another thread, to be cloned by postMessage at once: the typed arrays
   * are copies, but `sparse` and `leaves` are this pool's own map and array, not copies.
   */
  snapshot(): TreesSnapshot<T> {
    return {
      trees: this.trees,
      roots: this.roots.slice(),
      cells: this.cells.slice(0, this.cellsUsed),
      kids: this.kids.slice(0, this.kidsUsed),
      sparse: this.sparse,
      leaves: this.leaves,
    };
  }

  /** Trees made from a snapshot (of trees that give the same results: another thread's copy of the same function's). */
  static from<T>(s: TreesSnapshot<T>): DecisionTrees<T> {
    const t = new DecisionTrees<T>(s.trees);
    t.roots = Int32Array.from(s.roots);
    t.cells = grown(s.cells, s.cells.length + NODE);
    t.cellsUsed = s.cells.length;
    t.kids = grown(s.kids, s.kids.length + 1);
    t.kidsUsed = s.kids.length;
    for (const [r, m] of s.sparse) t.sparse.set(r, new Map(m));
    for (const x of s.leaves) t.leaves.push(x);
    return t;
  }

  /** Bytes held by the pool (typed arrays; sparse branches and leaves not counted). */
  get bytes(): number {
    return this.cells.byteLength + this.kids.byteLength;
  }
}

/** What `snapshot` gives: plain data (typed arrays, maps, leaves) that postMessage can clone. */
export interface TreesSnapshot<T> {
  readonly trees: number;
  readonly roots: Int32Array;
  readonly cells: Int32Array;
  readonly kids: Int32Array;
  readonly sparse: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly leaves: readonly T[];
}

function grown(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  let n = Math.max(4, a.length * 2);
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
