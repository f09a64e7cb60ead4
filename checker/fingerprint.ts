/**
 * 64-bit fingerprints of integer state vectors and the open-addressing table that remembers
 * which have been seen. The table lives in one Int32Array (two words per slot), so it holds as
 * many states as memory allows: no JS Set or Map, whose V8 limit is 16.7 M entries.
 *
 * Two states are taken as equal when their fingerprints are: with n states the chance of any
 * collision is about n² / 2⁶⁵ (3 in a million for 10 M states), as in TLC.
 */
import { beat } from './running.ts';

/**
 * Lane 1 of slot i holding x: murmur3's fmix32 of x offset by the slot. A bijection in x, so two
 * vectors that differ in one slot always differ in this lane.
 */
export function lane1(i: number, x: number): number {
  let h = (x + Math.imul(i, 0x9e3779b1)) ^ 0x1b873593;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Lane 2 of slot i holding x: another bijection in x (other multipliers, another finaliser). */
export function lane2(i: number, x: number): number {
  let h = Math.imul(x ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(i + 1, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

/**
 * The two 32-bit lanes of the fingerprint of v[0..width), written to lanes[0] and lanes[1]
 * (signed): each lane is a seed for the width plus the sum of its slots' lane values. A sum can
 * be updated: a successor that differs from its parent in k slots gets its fingerprint from the
 * parent's with 2k lane values (see `derived`), instead of hashing every slot again.
 */
export function lanesOf(v: Int32Array, width: number, lanes: Int32Array): void {
  let h1 = lane1(-1, width);
  let h2 = lane2(-1, width);
  for (let i = 0; i < width; i++) {
    h1 = (h1 + lane1(i, v[i])) | 0;
    h2 = (h2 + lane2(i, v[i])) | 0;
  }
  lanes[0] = h1;
  lanes[1] = h2;
}

/** Moves the lanes in lanes[0..1] from slot i holding y to slot i holding x. */
function replace(lanes: Int32Array, i: number, x: number, y: number): void {
  lanes[0] = (lanes[0] + lane1(i, x) - lane1(i, y)) | 0;
  lanes[1] = (lanes[1] + lane2(i, x) - lane2(i, y)) | 0;
}

/**
 * The lanes of `succ`'s fingerprint from those of `parent` (p1, p2), both of `width` slots:
 * only the slots where they differ are hashed. Writes lanes[0] and lanes[1] as `lanesOf` would;
 * gives the number of slots that differ (0: succ is the parent).
 */
export function derived(succ: Int32Array, parent: Int32Array, width: number, p1: number, p2: number, lanes: Int32Array): number {
  lanes[0] = p1;
  lanes[1] = p2;
  let changed = 0;
  for (let i = 0; i < width; i++) {
    if (succ[i] !== parent[i]) {
      replace(lanes, i, succ[i], parent[i]);
      changed++;
    }
  }
  return changed;
}

/**
 * The lanes of the fingerprint of `parent` with the (slot, value) pairs of `delta` set, from the
 * parent's lanes (p1, p2); gives the number of slots that change (0: it is the parent).
 */
export function withDelta(delta: Int32Array, parent: Int32Array, p1: number, p2: number, lanes: Int32Array): number {
  lanes[0] = p1;
  lanes[1] = p2;
  let changed = 0;
  for (let j = 0; j < delta.length; j += 2) {
    const i = delta[j];
    if (delta[j + 1] !== parent[i]) {
      replace(lanes, i, delta[j + 1], parent[i]);
      changed++;
    }
  }
  return changed;
}

const LANES = new Int32Array(2);

/** The fingerprint of `v[0..width)`, as two 32-bit halves written to out[0] (high) and out[1] (low). */
export function fingerprint(v: Int32Array, width: number, out: Uint32Array): void {
  lanesOf(v, width, LANES);
  out[0] = LANES[0];
  out[1] = LANES[1];
}

/** log2 of the entries of the table's cache of recent look-ups (16,384: 128 KiB). */
const RECENT_BITS = 14;

/** The first slot probed for the fingerprint (h1, h2) in a table of mask + 1 slots. */
export function home(h1: number, h2: number, mask: number): number {
  return (h2 ^ Math.imul(h1, 0x9e3779b1)) & mask;
}

/** The second lane as stored: (0,0) marks an empty slot, so the fingerprint (0,0) is kept as (0,1). */
export function stored2(h1: number, h2: number): number {
  return h1 === 0 && h2 === 0 ? 1 : h2;
}

/**
 * Open addressing with linear probing; grows at 3/4 load. Slot (0,0) means empty. Fingerprints
 * go in and out through two-int arrays, never as arguments: a 32-bit value passed to a function
 * that is not inlined is boxed (an allocation) when it does not fit V8's 31-bit small integers.
 */
export class FingerprintTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private limit: number;
  private readonly pair = new Int32Array(2);

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 10;
    while (cap < initialCapacity) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * 0.75);
    const bits = Math.min(RECENT_BITS, Math.max(6, Math.log2(cap) - 2));
    this.recent = new Int32Array(2 << bits);
    this.recentShift = 32 - bits;
  }

  /** Number of fingerprints stored. */
  get size(): number {
    return this.count;
  }
  /** Number of slots. */
  get capacity(): number {
    return this.mask + 1;
  }
  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /**
   * A direct-mapped cache of up to 16,384 fingerprints recently looked up (all stored in the table):
   * a state's successors are mostly states reached moments ago from its siblings, and this
   * cache answers for them from 128 KiB instead of a cache miss into the whole table.
   */
  private readonly recent: Int32Array;
  /** 32 minus log2 of the recent cache's entries: fewer entries for a table expected to stay small. */
  private readonly recentShift: number;
  /** Adds the fingerprint whose lanes are lanes[0] and lanes[1]; true when it was not there before. */
  addLanes(lanes: Int32Array): boolean {
    const h1 = lanes[0];
    const h2 = stored2(h1, lanes[1]);
    const at = home(h1, h2, -1);
    const c = (at >>> this.recentShift) << 1;
    const recent = this.recent;
    if (recent[c] === h1 && recent[c + 1] === h2) return false;
    recent[c] = h1;
    recent[c + 1] = h2;
    const slots = this.slots;
    const mask = this.mask;
    let i = at & mask;
    for (;;) {
      const j = i << 1;
      const h = slots[j];
      const l = slots[j + 1];
      if (h === 0 && l === 0) {
        slots[j] = h1;
        slots[j + 1] = h2;
        if (++this.count > this.limit) this.grow();
        return true;
      }
      if (h === h1 && l === h2) return false;
      i = (i + 1) & mask;
    }
  }

  /** True when the fingerprint whose lanes are lanes[0] and lanes[1] is stored. */
  hasLanes(lanes: Int32Array): boolean {
    const h1 = lanes[0];
    const h2 = stored2(h1, lanes[1]);
    const slots = this.slots;
    const mask = this.mask;
    let i = home(h1, h2, mask);
    for (;;) {
      const j = i << 1;
      const h = slots[j];
      const l = slots[j + 1];
      if (h === 0 && l === 0) return false;
      if (h === h1 && l === h2) return true;
      i = (i + 1) & mask;
    }
  }

  /** True when the fingerprint of v[0..width) is stored. */
  hasVector(v: Int32Array, width: number): boolean {
    lanesOf(v, width, this.pair);
    return this.hasLanes(this.pair);
  }

  /** Adds the fingerprint (hi, lo), as 32-bit integers signed or not; true when it was not there before. */
  add(hi: number, lo: number): boolean {
    this.pair[0] = hi;
    this.pair[1] = lo;
    return this.addLanes(this.pair);
  }

  /** True when the fingerprint (hi, lo) is stored. */
  has(hi: number, lo: number): boolean {
    this.pair[0] = hi;
    this.pair[1] = lo;
    return this.hasLanes(this.pair);
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      if ((j & 0x3fffff) === 0) beat(); // a long rehash is progress, not a stuck model function
      const hi = old[j];
      const lo = old[j + 1];
      if (hi === 0 && lo === 0) continue;
      let i = home(hi, lo, mask);
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      slots[i << 1] = hi;
      slots[(i << 1) + 1] = lo;
    }
    this.slots = slots;
    this.mask = mask;
    this.limit = Math.floor(cap * 0.75);
  }
}
