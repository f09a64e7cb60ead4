/**
 * Growable typed storage in fixed-size chunks: nothing is copied when it grows, and the queue
 * of states waiting to be expanded gives back chunks as soon as they are consumed.
 */

const CHUNK_BITS = 20;
/** Entries per column chunk. */
export const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/** Entries of a column's first chunk, which doubles until it is a whole chunk. */
export const FIRST_CHUNK = 1 << 12;
/** Ints per queue chunk (at least one record): small, so the pages a frontier touches stay few. */
export const QUEUE_CHUNK = 1 << 16;

/** An append-only array of 32-bit unsigned integers. */
export class U32Column {
  private chunks: Uint32Array[] = [];
  length = 0;
  push(x: number): void {
    const c = this.length >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(new Uint32Array(c === 0 ? FIRST_CHUNK : CHUNK));
    const chunk = this.chunks[c];
    const i = this.length & CHUNK_MASK;
    if (i === chunk.length) {
      // The first chunk starts small (a small model allocates little) and doubles up to CHUNK.
      const bigger = new Uint32Array(Math.min(CHUNK, chunk.length * 2));
      bigger.set(chunk);
      this.chunks[c] = bigger;
      bigger[i] = x;
    } else chunk[i] = x;
    this.length++;
  }
  /** Overwrites entry i (i < length). */
  set(i: number, x: number): void {
    this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK] = x;
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }
  get bytes(): number {
    let b = 0;
    for (const c of this.chunks) b += c.byteLength;
    return b;
  }
}

/** An append-only array of 16-bit unsigned integers. */
export class U16Column {
  private chunks: Uint16Array[] = [];
  length = 0;
  push(x: number): void {
    const c = this.length >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(new Uint16Array(c === 0 ? FIRST_CHUNK : CHUNK));
    const chunk = this.chunks[c];
    const i = this.length & CHUNK_MASK;
    if (i === chunk.length) {
      // The first chunk starts small (a small model allocates little) and doubles up to CHUNK.
      const bigger = new Uint16Array(Math.min(CHUNK, chunk.length * 2));
      bigger.set(chunk);
      this.chunks[c] = bigger;
      bigger[i] = x;
    } else chunk[i] = x;
    this.length++;
  }
  /** Overwrites entry i (i < length). */
  set(i: number, x: number): void {
    this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK] = x;
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }
  get bytes(): number {
    let b = 0;
    for (const c of this.chunks) b += c.byteLength;
    return b;
  }
}

/**
 * Records of `width` int32 each, taken from the front (a FIFO queue, for breadth-first search)
 * or from the back (a stack, for depth-first search). Consumed chunks are released. Cursors are
 * kept as (chunk, offset) pairs, so no push or pop divides.
 */
export class RecordQueue {
  private readonly chunkInts: number;
  private chunks: (Int32Array | null)[] = [];
  private count = 0;
  private headChunk = 0;
  private headOffset = 0;
  private tailChunk = 0;
  private tailOffset = 0; // ints used in the tail chunk
  /**
   * Consumed chunks, kept for the next pushes: fresh memory costs a page fault per 4 KiB touched
   * (about 12 µs each on a virtual machine), so a BFS frontier moving through the queue reuses
   * the chunks it has drained instead of touching new pages. The queue thus holds as much memory
   * as at its longest, until it is empty.
   */
  private spare: Int32Array[] = [];
  /** `chunk`: ints per chunk (at least one record); smaller for a search expected to be small. */
  constructor(readonly width: number, chunk = QUEUE_CHUNK) {
    this.chunkInts = Math.max(1, Math.floor(chunk / width)) * width;
  }
  get size(): number {
    return this.count;
  }
  /** Appends a record whose first two fields are a and b and the rest is src[0..width-2). */
  push(a: number, b: number, src: Int32Array): void {
    if (this.tailOffset === this.chunkInts || this.chunks.length === 0) {
      if (this.chunks.length !== 0) {
        this.tailChunk++;
        this.tailOffset = 0;
      }
      if (this.tailChunk === this.chunks.length) this.chunks.push(this.fresh());
    }
    const chunk = this.chunks[this.tailChunk] as Int32Array;
    let o = this.tailOffset;
    chunk[o++] = a;
    chunk[o++] = b;
    const w = this.width - 2;
    for (let i = 0; i < w; i++) chunk[o + i] = src[i];
    this.tailOffset = o + w;
    this.count++;
  }
  /** Removes the first record into dst (whole record). */
  shift(dst: Int32Array): void {
    if (this.headOffset === this.chunkInts) {
      this.spare.push(this.chunks[this.headChunk] as Int32Array);
      this.chunks[this.headChunk] = null;
      this.headChunk++;
      this.headOffset = 0;
    }
    const chunk = this.chunks[this.headChunk] as Int32Array;
    const o = this.headOffset;
    const w = this.width;
    for (let i = 0; i < w; i++) dst[i] = chunk[o + i];
    this.headOffset = o + w;
    if (--this.count === 0) this.reset();
  }
  /** Removes the last record into dst (whole record). */
  pop(dst: Int32Array): void {
    if (this.tailOffset === 0) {
      this.spare.push(this.chunks[this.tailChunk] as Int32Array);
      this.chunks.length = this.tailChunk;
      this.tailChunk--;
      this.tailOffset = this.chunkInts;
    }
    const chunk = this.chunks[this.tailChunk] as Int32Array;
    const w = this.width;
    const o = this.tailOffset - w;
    for (let i = 0; i < w; i++) dst[i] = chunk[o + i];
    this.tailOffset = o;
    if (--this.count === 0) this.reset();
  }
  private fresh(): Int32Array {
    return this.spare.pop() ?? new Int32Array(this.chunkInts);
  }
  /** Empty: every chunk is given back (the search is over, or the queue is refilled from scratch). */
  private reset(): void {
    this.chunks = [];
    this.spare = [];
    this.headChunk = this.headOffset = this.tailChunk = this.tailOffset = 0;
  }
  /** Bytes held now (including the spare chunks). */
  get bytes(): number {
    let b = this.spare.length * this.chunkInts * 4;
    for (const c of this.chunks) if (c) b += c.byteLength;
    return b;
  }
}
