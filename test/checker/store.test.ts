import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHUNK, QUEUE_CHUNK, RecordQueue, U16Column, U32Column } from '../../checker/store.ts';

/** Record k: fields (k, -k), then payload whose first and last ints identify k. */
function payload(width: number, k: number): Int32Array {
  const p = new Int32Array(width - 2);
  p[0] = k * 7 + 1;
  p[p.length - 1] = -(k * 3 + 2);
  p[p.length >> 1] = k ^ 0x5a5a;
  return p;
}
function expectRecord(dst: Int32Array, k: number): void {
  const w = dst.length;
  if (dst[0] !== k || dst[1] !== -k || dst[2] !== k * 7 + 1 || dst[w - 1] !== -(k * 3 + 2) || dst[2 + ((w - 2) >> 1)] !== (k ^ 0x5a5a)) {
    throw new Error(`expected record ${k}, got (${dst[0]}, ${dst[1]}, ${dst[2]} … ${dst[w - 1]})`);
  }
}

describe('RecordQueue', () => {
  // 1,000 ints per record: 65 records per chunk, so 3,500 records span 54 chunks.
  const W = 1000;
  const N = 3500;
  const perChunk = Math.floor(QUEUE_CHUNK / W);

  it('uses more than one chunk for this test (sanity of the set-up)', () => {
    const q = new RecordQueue(W);
    for (let k = 0; k < N; k++) q.push(k, -k, payload(W, k));
    expect(N).toBeGreaterThan(3 * perChunk);
    expect(q.bytes).toBe(Math.ceil(N / perChunk) * perChunk * W * 4);
    expect(q.size).toBe(N);
  });

  it('shift gives the records in FIFO order across chunk boundaries, keeps consumed chunks for reuse, and frees all when empty', () => {
    const q = new RecordQueue(W);
    for (let k = 0; k < N; k++) q.push(k, -k, payload(W, k));
    const dst = new Int32Array(W);
    const full = q.bytes;
    for (let k = 0; k < N; k++) {
      q.shift(dst);
      expectRecord(dst, k);
      expect(q.size).toBe(N - k - 1 + (k > 2 * perChunk ? 2 * perChunk : 0));
      if (k === 2 * perChunk) {
        // Two chunks consumed and kept: pushing two chunks' worth takes no new memory.
        expect(q.bytes).toBe(full);
        for (let j = 0; j < 2 * perChunk; j++) q.push(N + j, -(N + j), payload(W, N + j));
        expect(q.bytes).toBe(full);
      }
    }
    for (let k = N; k < N + 2 * perChunk; k++) {
      q.shift(dst);
      expectRecord(dst, k);
    }
    expect(q.size).toBe(0);
    expect(q.bytes).toBe(0);
  });

  it('pop gives the records in LIFO order across chunk boundaries', () => {
    const q = new RecordQueue(W);
    for (let k = 0; k < N; k++) q.push(k, -k, payload(W, k));
    const dst = new Int32Array(W);
    for (let k = N - 1; k >= 0; k--) {
      q.pop(dst);
      expectRecord(dst, k);
    }
    expect(q.size).toBe(0);
    expect(q.bytes).toBe(0);
  });

  it('interleaves pushes with shifts (a BFS frontier) and stays FIFO', () => {
    const q = new RecordQueue(W);
    const dst = new Int32Array(W);
    let next = 0;
    let expected = 0;
    // Push 3, take 2, repeatedly: the head crosses chunk boundaries while the tail keeps growing.
    for (let round = 0; round < 2000; round++) {
      for (let i = 0; i < 3; i++) q.push(next, -next, payload(W, next++));
      for (let i = 0; i < 2; i++) {
        q.shift(dst);
        expectRecord(dst, expected++);
      }
    }
    while (q.size > 0) {
      q.shift(dst);
      expectRecord(dst, expected++);
    }
    expect(expected).toBe(6000);
  });

  it('a BFS frontier moving through the queue reuses the chunk it drained (no fresh memory per chunk)', () => {
    const q = new RecordQueue(W);
    const dst = new Int32Array(W);
    let next = 0;
    let expected = 0;
    // Keep about half a chunk in the queue while 20 chunks' worth of records pass through it.
    for (let k = 0; k < perChunk >> 1; k++) q.push(next, -next, payload(W, next++));
    let most = 0;
    // Count the chunks allocated while the records pass through (store.ts reads the global).
    const Original = globalThis.Int32Array;
    let chunksMade = 0;
    globalThis.Int32Array = class extends Original {
      constructor(...args: ConstructorParameters<typeof Int32Array>) {
        super(...args);
        if (this.length === perChunk * W) chunksMade++;
      }
    } as typeof Int32Array;
    try {
      for (let round = 0; round < 20 * perChunk; round++) {
        q.push(next, -next, payload(W, next++));
        q.shift(dst);
        expectRecord(dst, expected++);
        most = Math.max(most, q.bytes);
      }
    } finally {
      globalThis.Int32Array = Original;
    }
    // One new chunk at most (the first time the tail crosses a boundary), then drained ones are reused.
    expect(chunksMade).toBeLessThanOrEqual(1);
    // Half a chunk of records in flight: at most the chunk being read, the one being written and a spare.
    expect(most).toBeLessThanOrEqual(3 * perChunk * W * 4);
  });

  it('is reusable after being emptied, by shift or by pop', () => {
    const q = new RecordQueue(W);
    const dst = new Int32Array(W);
    for (let k = 0; k < perChunk + 5; k++) q.push(k, -k, payload(W, k));
    while (q.size) q.shift(dst);
    for (let k = 100; k < 100 + perChunk + 5; k++) q.push(k, -k, payload(W, k));
    q.pop(dst);
    expectRecord(dst, 100 + perChunk + 4);
    q.shift(dst);
    expectRecord(dst, 100);
    while (q.size) q.pop(dst);
    expectRecord(dst, 101);
    q.push(7, -7, payload(W, 7));
    q.shift(dst);
    expectRecord(dst, 7);
  });

  it('a record of width 2 has no payload', () => {
    const q = new RecordQueue(2);
    q.push(4, 5, new Int32Array(0));
    const dst = new Int32Array(2);
    q.pop(dst);
    expect([...dst]).toEqual([4, 5]);
  });

  it('behaves as a deque under any sequence of push, shift and pop (model-based, 10 records per chunk)', () => {
    const w = Math.floor(QUEUE_CHUNK / 10); // 10 records per chunk: boundaries are crossed constantly
    type Op = { op: 'push' } | { op: 'shift' } | { op: 'pop' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.constant<Op>({ op: 'push' }) },
      fc.constant<Op>({ op: 'shift' }),
      fc.constant<Op>({ op: 'pop' }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const q = new RecordQueue(w);
        const model: number[] = [];
        const dst = new Int32Array(w);
        let k = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            q.push(k, -k, payload(w, k));
            model.push(k++);
          } else if (model.length > 0) {
            const want = o.op === 'shift' ? (model.shift() as number) : (model.pop() as number);
            if (o.op === 'shift') q.shift(dst);
            else q.pop(dst);
            expectRecord(dst, want);
          }
          expect(q.size).toBe(model.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('U32Column', () => {
  it('round-trips values across a chunk boundary, including 0 and 2^32-1', () => {
    const c = new U32Column();
    const n = CHUNK + 1000;
    const val = (i: number) => (Math.imul(i, 0x9e3779b1) ^ (i >>> 3)) >>> 0;
    for (let i = 0; i < n; i++) c.push(val(i));
    c.push(0);
    c.push(0xffffffff);
    expect(c.length).toBe(n + 2);
    let bad = 0;
    for (let i = 0; i < n; i++) if (c.get(i) !== val(i)) bad++;
    expect(bad).toBe(0);
    expect(c.get(n)).toBe(0);
    expect(c.get(n + 1)).toBe(0xffffffff);
    expect(c.bytes).toBe(2 * CHUNK * 4);
  });

  it('starts empty and holds no memory until the first push', () => {
    const c = new U32Column();
    expect(c.length).toBe(0);
    expect(c.bytes).toBe(0);
    c.push(42);
    expect(c.get(0)).toBe(42);
    // The first chunk starts small and doubles (a small search allocates little).
    expect(c.bytes).toBeGreaterThan(0);
    expect(c.bytes).toBeLessThan(CHUNK * 4);
    for (let i = 1; i < CHUNK; i++) c.push(i);
    expect(c.bytes).toBe(CHUNK * 4);
    expect(c.get(CHUNK - 1)).toBe(CHUNK - 1);
  });
});

describe('U16Column', () => {
  it('round-trips 16-bit values across a chunk boundary, including 0 and 65535', () => {
    const c = new U16Column();
    const n = CHUNK + 1000;
    const val = (i: number) => (i * 40503) & 0xffff;
    for (let i = 0; i < n; i++) c.push(val(i));
    c.push(0xffff);
    c.push(0);
    expect(c.length).toBe(n + 2);
    let bad = 0;
    for (let i = 0; i < n; i++) if (c.get(i) !== val(i)) bad++;
    expect(bad).toBe(0);
    expect(c.get(n)).toBe(0xffff);
    expect(c.get(n + 1)).toBe(0);
    expect(c.bytes).toBe(2 * CHUNK * 2);
  });

  it('round-trips arbitrary 16-bit values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff })), (xs) => {
        const c = new U16Column();
        for (const x of xs) c.push(x);
        expect(Array.from({ length: c.length }, (_, i) => c.get(i))).toEqual(xs);
      }),
    );
  });
});
