/**
 * 64-bit fingerprints of integer state vectors and the open-addressing table that remembers
 * which have been seen. The table lives in one Uint32Array (two words per slot), so it holds as
 * many states as memory allows: no JS Set or Map, whose V8 limit is 16.7 M entries.
 *
 * Two states are taken as equal when their fingerprints are: with n states the chance of any
 * collision is about n² / 2⁶⁵ (3 in a million for 10 M states), as in TLC.
 */

/**
 * The two 32-bit lanes of the fingerprint of v[0..width), written to lanes[0] and lanes[1]
 * (signed). The one definition of the hash: `fingerprint` and the table both use it.
 */
function hashInto(v: Int32Array, width: number, lanes: Int32Array): void {
  let h1 = 0x9747b28c ^ width;
  let h2 = 0x1b873593 ^ Math.imul(width, 0x85ebca6b);
  for (let i = 0; i < width; i++) {
    let k = v[i];
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ v[i], 0x2c1b3c6d);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0x297a2d39) + i | 0;
  }
  // fmix32 of both lanes, the second folded with the first.
  h1 ^= h1 >>> 16; h1 = Math.imul(h1, 0x85ebca6b); h1 ^= h1 >>> 13; h1 = Math.imul(h1, 0xc2b2ae35); h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16; h2 = Math.imul(h2, 0x7feb352d); h2 ^= h2 >>> 15; h2 = Math.imul(h2, 0x846ca68b); h2 ^= h2 >>> 16;
  lanes[0] = h1;
  lanes[1] = (h2 + h1) | 0;
}

const LANES = new Int32Array(2);

/** The fingerprint of `v[0..width)`, as two 32-bit halves written to out[0] (high) and out[1] (low). */
export function fingerprint(v: Int32Array, width: number, out: Uint32Array): void {
  hashInto(v, width, LANES);
  out[0] = LANES[0];
  out[1] = LANES[1];
}

/** Open addressing with linear probing; grows at 3/4 load. Slot (0,0) means empty. */
export class FingerprintTable {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;
  private limit: number;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 10;
    while (cap < initialCapacity) cap *= 2;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * 0.75);
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
   * Adds the fingerprint of v[0..width) (the same as `fingerprint` computes); true when it was not
   * there before. Hashing and probing in one function keeps the halves unboxed: no allocation.
   */
  addVector(v: Int32Array, width: number): boolean {
    hashInto(v, width, LANES);
    const h1 = LANES[0] >>> 0;
    let h2 = LANES[1] >>> 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (h2 ^ Math.imul(h1, 0x9e3779b1)) & mask;
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

  /** True when the fingerprint of v[0..width) is stored. */
  hasVector(v: Int32Array, width: number): boolean {
    hashInto(v, width, LANES);
    return this.has(LANES[0] >>> 0, LANES[1] >>> 0);
  }

  /** Adds the fingerprint (hi, lo); true when it was not there before. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1; // (0,0) marks an empty slot
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const j = i << 1;
      const h = slots[j];
      const l = slots[j + 1];
      if (h === 0 && l === 0) {
        slots[j] = hi;
        slots[j + 1] = lo;
        if (++this.count > this.limit) this.grow();
        return true;
      }
      if (h === hi && l === lo) return false;
      i = (i + 1) & mask;
    }
  }

  /** True when the fingerprint (hi, lo) is stored. */
  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const j = i << 1;
      const h = slots[j];
      const l = slots[j + 1];
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) return true;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Uint32Array(cap * 2);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j];
      const lo = old[j + 1];
      if (hi === 0 && lo === 0) continue;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      slots[i << 1] = hi;
      slots[(i << 1) + 1] = lo;
    }
    this.slots = slots;
    this.mask = mask;
    this.limit = Math.floor(cap * 0.75);
  }
}
