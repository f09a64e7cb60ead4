/**
 * Growable typed storage in fixed-size chunks: nothing is copied when it grows, and the queue
 * of states waiting to be expanded gives back chunks as soon as they are consumed.
 */

const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** An append-only array of 32-bit unsigned integers. */
export class U32Column {
  private chunks: Uint32Array[] = [];
  length = 0;
  push(x: number): void {
    const c = this.length >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(new Uint32Array(CHUNK));
    this.chunks[c][this.length & CHUNK_MASK] = x;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }
  get bytes(): number {
    return this.chunks.length * CHUNK * 4;
  }
}

/** An append-only array of 16-bit unsigned integers. */
export class U16Column {
  private chunks: Uint16Array[] = [];
  length = 0;
  push(x: number): void {
    const c = this.length >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(new Uint16Array(CHUNK));
    this.chunks[c][this.length & CHUNK_MASK] = x;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }
  get bytes(): number {
    return this.chunks.length * CHUNK * 2;
  }
}

/**
 * Records of `width` int32 each, taken from the front (a FIFO queue, for breadth-first search)
 * or from the back (a stack, for depth-first search). Consumed chunks are released.
 */
export class RecordQueue {
  private readonly perChunk: number;
  private chunks: (Int32Array | null)[] = [];
  private head = 0; // index of the first record
  private tail = 0; // index one past the last record
  constructor(readonly width: number) {
    this.perChunk = Math.max(1, Math.floor(CHUNK / width));
  }
  get size(): number {
    return this.tail - this.head;
  }
  /** Appends a record whose first two fields are a and b and the rest is src[0..width-2). */
  push(a: number, b: number, src: Int32Array): void {
    const c = Math.floor(this.tail / this.perChunk);
    if (c === this.chunks.length) this.chunks.push(new Int32Array(this.perChunk * this.width));
    let chunk = this.chunks[c];
    if (chunk === null) chunk = this.chunks[c] = new Int32Array(this.perChunk * this.width);
    let o = (this.tail % this.perChunk) * this.width;
    chunk[o++] = a;
    chunk[o++] = b;
    const w = this.width - 2;
    for (let i = 0; i < w; i++) chunk[o + i] = src[i];
    this.tail++;
  }
  /** Removes the first record into dst (whole record). */
  shift(dst: Int32Array): void {
    const c = Math.floor(this.head / this.perChunk);
    const chunk = this.chunks[c] as Int32Array;
    const o = (this.head % this.perChunk) * this.width;
    for (let i = 0; i < this.width; i++) dst[i] = chunk[o + i];
    this.head++;
    if (this.head % this.perChunk === 0) this.chunks[c] = null;
    if (this.head === this.tail) this.reset();
  }
  /** Removes the last record into dst (whole record). */
  pop(dst: Int32Array): void {
    this.tail--;
    const c = Math.floor(this.tail / this.perChunk);
    const chunk = this.chunks[c] as Int32Array;
    const o = (this.tail % this.perChunk) * this.width;
    for (let i = 0; i < this.width; i++) dst[i] = chunk[o + i];
    if (this.tail % this.perChunk === 0) this.chunks.length = c;
    if (this.head === this.tail) this.reset();
  }
  private reset(): void {
    this.head = this.tail = 0;
    this.chunks = [];
  }
  /** Bytes held now. */
  get bytes(): number {
    let b = 0;
    for (const c of this.chunks) if (c) b += c.byteLength;
    return b;
  }
}
