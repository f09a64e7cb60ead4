/**
 * A memo keyed by short integer vectors, for the per-state questions of partial-order reduction
 * (checker/reduce/por.ts): the key is written into `key` (its first `length` entries) and looked
 * up without allocating; a miss stores a copy. Open addressing in typed arrays (linear probing,
 * each slot's hash kept beside its key), so a look-up touches a few adjacent words instead of a
 * Map and an array of objects. Keys are compared in full, so an answer is only ever given for an
 * equal key. Values are 32-bit integers.
 */
export class KeyMemo {
  /** The scratch key: write the vector here, then call get/set with its length. */
  readonly key: Int32Array;
  private readonly width: number;
  private mask = 0;
  /** Per slot: 0 empty, else the key's length + 1. */
  private lens: Int32Array;
  private hashes: Int32Array;
  private vals: Int32Array;
  /** Per slot: `width` entries of the key. */
  private keys: Int32Array;
  private count = 0;

  constructor(maxLength: number) {
    this.key = new Int32Array(maxLength);
    this.width = Math.max(1, maxLength);
    const cap = 1 << 10;
    this.mask = cap - 1;
    this.lens = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.keys = new Int32Array(cap * this.width);
  }

  get size(): number {
    return this.count;
  }

  private hash(length: number): number {
    const k = this.key;
    let h = 0x811c9dc5 ^ length;
    for (let i = 0; i < length; i++) {
      h = Math.imul(h ^ k[i], 0x01000193);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    return h ^ (h >>> 13);
  }

  /** The slot of key[0..length) with hash h, or of the empty slot where it would go (found by its lens being 0). */
  private slot(length: number, h: number): number {
    const { lens, hashes, keys, key, width, mask } = this;
    const l1 = length + 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const l = lens[i];
      if (l === 0) return i;
      if (l !== l1 || hashes[i] !== h) continue;
      let at = i * width;
      let same = true;
      for (let j = 0; j < length; j++, at++) {
        if (keys[at] !== key[j]) {
          same = false;
          break;
        }
      }
      if (same) return i;
    }
  }

  /** The value stored for key[0..length), or undefined. */
  get(length: number): number | undefined {
    const i = this.slot(length, this.hash(length));
    return this.lens[i] === 0 ? undefined : this.vals[i];
  }

  /** Stores v for key[0..length) (which must not be stored yet; replaced if it is). */
  set(length: number, v: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    const h = this.hash(length);
    const i = this.slot(length, h);
    if (this.lens[i] === 0) this.count++;
    this.lens[i] = length + 1;
    this.hashes[i] = h;
    this.vals[i] = v;
    // (Copied by a loop: a subarray is an object, and costs more than the copy of a short key.)
    const { keys, key } = this;
    for (let j = 0, at = i * this.width; j < length; j++, at++) keys[at] = key[j];
  }

  private grow(): void {
    const { lens, hashes, vals, keys, width } = this;
    const cap = 2 * (this.mask + 1);
    this.mask = cap - 1;
    this.lens = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    const newKeys = (this.keys = new Int32Array(cap * width));
    for (let i = 0; i < lens.length; i++) {
      if (lens[i] === 0) continue;
      let j = hashes[i] & this.mask;
      while (this.lens[j] !== 0) j = (j + 1) & this.mask;
      this.lens[j] = lens[i];
      this.hashes[j] = hashes[i];
      this.vals[j] = vals[i];
      for (let k = 0, from = i * width, to = j * width, end = lens[i] - 1; k < end; k++) newKeys[to + k] = keys[from + k];
    }
  }

  clear(): void {
    if (this.count === 0) return;
    this.lens.fill(0);
    this.count = 0;
  }
}
