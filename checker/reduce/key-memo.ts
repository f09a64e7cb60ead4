/**
 * A memo keyed by short integer vectors, for the per-state questions of partial-order reduction
 * (checker/reduce/por.ts): the key is written into `key` (its first `length` entries) and looked
 * up without allocating; a miss stores a copy. Collisions of the hash are resolved by comparing
 * the vectors, so an answer is only ever given for an equal key.
 */
export class KeyMemo {
  /** The scratch key: write the vector here, then call get/set with its length. */
  readonly key: Int32Array;
  private readonly buckets = new Map<number, { k: Int32Array; v: number }[]>();
  private count = 0;

  constructor(maxLength: number) {
    this.key = new Int32Array(maxLength);
  }

  get size(): number {
    return this.count;
  }

  private hash(length: number): number {
    const k = this.key;
    let h = 0x811c9dc5 ^ length;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ k[i], 0x01000193) ^ (h >>> 15);
    return h & 0x3fffffff; // (a small integer: V8 keys maps by it without boxing)
  }

  /** The value stored for key[0..length), or undefined. */
  get(length: number): number | undefined {
    const bucket = this.buckets.get(this.hash(length));
    if (bucket === undefined) return undefined;
    const k = this.key;
    outer: for (let b = 0; b < bucket.length; b++) {
      const e = bucket[b];
      if (e.k.length !== length) continue;
      for (let i = 0; i < length; i++) if (e.k[i] !== k[i]) continue outer;
      return e.v;
    }
    return undefined;
  }

  /** Stores v for key[0..length) (which must not be stored yet). */
  set(length: number, v: number): void {
    const h = this.hash(length);
    const e = { k: this.key.slice(0, length), v };
    const bucket = this.buckets.get(h);
    if (bucket === undefined) this.buckets.set(h, [e]);
    else bucket.push(e);
    this.count++;
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }
}
