/**
 * Interned values shared among the threads of a parallel search. A state vector holds the numbers
 * of interned values (checker/values.ts `Interner`), given in the order values are first met: each
 * thread would number them differently. So, while a parallel search runs, a value new to a thread
 * is numbered under a lock in shared memory and appended to a shared log (its bytes, from
 * `v8.serialize`); every thread reads the log to learn the values others numbered. A thread reads
 * it at each level barrier (a state of the frontier only holds numbers given before it), and
 * before it numbers a value (under the lock), so one value never gets two numbers.
 *
 * New values are rare after the first levels (local states, messages, channel contents): the hot
 * path, a value the thread has seen, does not touch shared memory.
 */
import { deserialize, serialize } from 'node:v8';
import { ModelError } from '../errors.ts';
import { isValueSet, markValueSet, type InternSharing, type Interner } from '../values.ts';

const LOCK = 0;
/** Bytes of the log written and readable (published after the bytes). */
const COMMITTED = 1;
/** meta[COUNTERS + i]: the next number of interner i. */
const COUNTERS = 4;
const MAX_INTERNERS = 1020;
/** The log's address space (reserved, not committed: the pages are touched as it grows). */
const LOG_MAX = 1 << 30;

/** The shared memory of one search's interning: given to every thread that joins it. */
export interface InterningBuffers {
  readonly meta: SharedArrayBuffer;
  readonly log: SharedArrayBuffer;
}

/** `logBytes`: the log's first length (it grows by doubling; tests start it small to grow it often). */
export function newInterningBuffers(logBytes = 1 << 16): InterningBuffers {
  return {
    meta: new SharedArrayBuffer(4 * (COUNTERS + MAX_INTERNERS)),
    log: new (SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer)(Math.max(64, logBytes & ~7), { maxByteLength: LOG_MAX }),
  };
}

const VALUE_SET = '\u0000interleave:valueSet';

/** A copy of v with value sets wrapped (their mark, a symbol property, is not kept by serialisation). */
function tag(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) {
    const a = v.map(tag);
    return isValueSet(v) ? { [VALUE_SET]: a } : a;
  }
  if (v instanceof Set) return new Set([...v].map(tag));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [tag(k), tag(x)]));
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) o[k] = tag((v as Record<string, unknown>)[k]);
  return o;
}

/** Undoes `tag` in place (the value is fresh from `deserialize`). */
function untag(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = untag(v[i]);
    return v;
  }
  if (v instanceof Set) return new Set([...v].map(untag));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [untag(k), untag(x)]));
  const o = v as Record<string, unknown>;
  if (VALUE_SET in o && Object.keys(o).length === 1) return markValueSet(untag(o[VALUE_SET]) as unknown[]);
  for (const k of Object.keys(o)) o[k] = untag(o[k]);
  return o;
}

/** One thread's view of a search's shared interning. */
export class SharedInterning implements InternSharing {
  private readonly meta: Int32Array;
  private readonly log: SharedArrayBuffer;
  private bytes: Uint8Array;
  private words: Int32Array;
  private readonly interners: Interner<unknown>[] = [];
  private readonly early = new Map<number, { id: number; v: unknown; h: number; key: string | undefined }[]>();
  /** Bytes of the log this thread has read. */
  private cursor = 0;

  constructor(readonly buffers: InterningBuffers) {
    this.meta = new Int32Array(buffers.meta);
    this.log = buffers.log;
    this.bytes = new Uint8Array(this.log);
    this.words = new Int32Array(this.log);
  }

  attach(interner: Interner<unknown>): number {
    if (this.interners.length >= MAX_INTERNERS) throw new Error(`internal: more than ${MAX_INTERNERS} interners in one parallel search`);
    this.interners.push(interner);
    const index = this.interners.length - 1;
    for (const e of this.early.get(index) ?? []) interner.put(e.id, e.v, e.h, e.key);
    this.early.delete(index);
    return index;
  }

  /**
   * Lets every interner attached so far number values by itself again (no other thread has joined:
   * the model, compiled for a parallel search, is searched in one thread).
   */
  detach(): void {
    for (const i of this.interners) i.unshare();
    this.interners.length = 0;
  }

  /** Learns the values other threads numbered since the last read. */
  sync(): void {
    const end = Atomics.load(this.meta, COMMITTED);
    if (this.cursor === end) return;
    if (this.bytes.length < end) this.view();
    let at = this.cursor;
    const words = this.words;
    while (at < end) {
      const w = at >> 2;
      const index = words[w];
      const id = words[w + 1];
      const h = words[w + 2];
      const keyLen = words[w + 3];
      const len = words[w + 4];
      let p = at + 20;
      const key = keyLen >= 0 ? Buffer.from(this.log, p, keyLen).toString('utf8') : undefined;
      p += Math.max(0, keyLen);
      const v = untag(deserialize(Buffer.from(this.log, p, len)));
      p += len;
      const interner = this.interners[index];
      // An interner this thread has not made yet (its model is still compiling): kept for attach.
      if (interner === undefined) {
        let list = this.early.get(index);
        if (list === undefined) this.early.set(index, (list = []));
        list.push({ id, v, h, key });
      } else interner.put(id, v, h, key);
      at = (p + 3) & ~3;
    }
    this.cursor = end;
  }

  add(index: number, interner: Interner<unknown>, v: unknown, h: number, k: string | undefined): number {
    this.lock();
    try {
      this.sync();
      const seen = interner.find(v, h, k);
      if (seen !== undefined) return seen;
      const id = this.meta[COUNTERS + index];
      const body = serialize(tag(v));
      const key = k !== undefined ? Buffer.from(k, 'utf8') : undefined;
      const at = this.cursor;
      const need = 20 + (key?.length ?? 0) + body.length + 3;
      // Against this thread's view, not the log's length: another thread may have grown the log
      // (its record did not fit with its padding) and published no byte past this view, which
      // sync() then keeps; the record would be written past the view's end.
      if (at + need > this.bytes.length) this.grow(at + need);
      const w = at >> 2;
      this.words[w] = index;
      this.words[w + 1] = id;
      this.words[w + 2] = h;
      this.words[w + 3] = key ? key.length : -1;
      this.words[w + 4] = body.length;
      let p = at + 20;
      if (key) {
        this.bytes.set(key, p);
        p += key.length;
      }
      this.bytes.set(body, p);
      p += body.length;
      interner.put(id, v, h, k);
      this.meta[COUNTERS + index] = id + 1;
      this.cursor = (p + 3) & ~3;
      Atomics.store(this.meta, COMMITTED, this.cursor);
      return id;
    } finally {
      Atomics.store(this.meta, LOCK, 0);
      Atomics.notify(this.meta, LOCK, 1);
    }
  }

  private lock(): void {
    // Held for a few microseconds: spin a little, then sleep until the holder lets go.
    for (let spins = 0; Atomics.compareExchange(this.meta, LOCK, 0, 1) !== 0; spins++) {
      if (spins > 200) Atomics.wait(this.meta, LOCK, 1, 5);
    }
  }

  private grow(need: number): void {
    const log = this.log as SharedArrayBuffer & { grow(n: number): void; maxByteLength: number };
    if (need > log.maxByteLength) throw new ModelError(`more than ${LOG_MAX >> 20} MiB of distinct values: too many for a parallel search (try --workers 1)`);
    // (A whole number of 8-byte words: a thread that joins later views the log as 32-bit words.)
    if (log.byteLength < need) log.grow(Math.min(log.maxByteLength, Math.max((need + 7) & ~7, log.byteLength * 2)));
    this.view();
  }

  private view(): void {
    this.bytes = new Uint8Array(this.log, 0, this.log.byteLength);
    this.words = new Int32Array(this.log, 0, this.log.byteLength >> 2);
  }
}
