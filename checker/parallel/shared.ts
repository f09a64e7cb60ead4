/**
 * The shared memory of a parallel search: the control words, the fingerprint table that every
 * thread inserts into without locks, and the chunks that hold states, parent links and labels.
 */
import { beat } from '../running.ts';
import { home } from '../fingerprint.ts';

/** Words of the control array (Int32Array over a SharedArrayBuffer). */
export const C = {
  /** Bumped by the main thread to start a level (or to end the job, with END set). */
  GEN: 0,
  /** Next frontier index to claim (batches). */
  CURSOR: 1,
  /** Threads that finished the level (the main thread excluded). */
  ARRIVED: 2,
  /** 1 while the table must grow: every thread stops inserting until TABLE_GEN moves. */
  GROW: 3,
  /** Threads waiting for the table to grow. */
  PAUSED: 4,
  TABLE_GEN: 5,
  /** 1: stop expanding as soon as possible (a limit, a signal, an error). */
  STOP: 6,
  /** Distinct states inserted, reported in blocks of BLOCK (for growth and --max-states). */
  TOTAL: 7,
  /** The table grows when TOTAL passes this. */
  GROW_AT: 8,
  /** 1: the job is over. */
  END: 9,
  /** States in the frontier of the level. */
  FRONTIER: 10,
  BATCH: 11,
  /** --max-states (0: none). */
  MAX_STATES: 12,
  /** While the table grows: the generation of the new table that paused threads help fill (0: none). */
  REHASH: 13,
  /** Next slot of the old table to claim while it is rehashed (spans of REHASH_SPAN). */
  R_CURSOR: 14,
  /**
   * Paused threads inside their part of the rehash. A helper adds itself, then checks that REHASH
   * still names the growth it means to help; the main thread clears REHASH after its own part and
   * waits for this to be 0 (sequentially consistent atomics: either the helper sees REHASH cleared
   * and stays out, or the main thread sees it counted and waits).
   */
  R_BUSY: 15,
  /** READY + w: 1 when worker w has loaded the model (2: it failed). */
  READY: 16,
  /** PART + w: the GEN of the last level worker w takes part in. */
  PART: 16 + 256,
  SIZE: 16 + 512,
} as const;

/** The most threads a parallel search may have (`--workers`): READY and PART hold a word per thread. */
export const MAX_WORKERS = 256;

/** Inserts are reported to C.TOTAL in blocks of this many. */
export const BLOCK = 64;

/**
 * Ints per frontier chunk: just under 2 MiB, so that the C library can back a chunk with one huge
 * page (the CLI asks glibc for them, bin.mjs) instead of 512 page faults; a level's new chunks are
 * fresh memory while the frontier grows (RA n=4 to 3M states: 71k page faults in all, 54k so).
 */
export const FRONTIER_CHUNK_INTS = (1 << 19) - 1024;
/** Entries per parent/label chunk. */
export const COLUMN_CHUNK = 1 << 18;
export const COLUMN_BITS = 18;
/**
 * A column chunk holds both columns of its COLUMN_CHUNK states, parents (4 bytes each) then labels
 * (2 bytes each), in one buffer of just under 2 MiB: like a frontier chunk, it is backed by one
 * huge page instead of 384 page faults (separate buffers of 1 MiB and 512 KiB never were: 2 workers
 * took 4,956 page faults in `record` to 4 million states of RA n=4, one thread 531).
 */
export const COLUMN_CHUNK_BYTES = 2 * 1024 * 1024 - 4096;
const LABELS_AT = COLUMN_CHUNK * 4;

export function newColumnChunk(): SharedArrayBuffer {
  return new SharedArrayBuffer(COLUMN_CHUNK_BYTES);
}
export function parentsOf(chunk: SharedArrayBuffer): Uint32Array {
  return new Uint32Array(chunk, 0, COLUMN_CHUNK);
}
export function labelsOf(chunk: SharedArrayBuffer): Uint16Array {
  return new Uint16Array(chunk, LABELS_AT, COLUMN_CHUNK);
}

export const NO_PARENT = 0xffffffff;

/** Slots of a shared table with headroom for `size` states (grows at 3/4, less a block per thread). */
export function growAt(capacity: number, threads: number): number {
  return Math.floor(capacity * 0.75) - 2 * BLOCK * threads;
}

/** The smallest power-of-two capacity at least `min` whose growth point is above `count`. */
export function capacityFor(min: number, count: number, threads: number): number {
  let cap = 1 << 10;
  while (cap < min || growAt(cap, threads) <= count) cap *= 2;
  return cap;
}

export function newTable(capacity: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(capacity * 8));
}

/**
 * Adds the fingerprint (h1, h2), both non-zero, to the table; true when it was not there. A slot
 * is claimed by a compare-and-swap of its first word from 0; the second word follows, and a
 * reader that finds the first word equal waits until the second is written.
 */
export function insert(slots: Int32Array, mask: number, h1: number, h2: number): boolean {
  let i = home(h1, h2, mask);
  for (;;) {
    const j = i << 1;
    let h = slots[j];
    if (h === 0) {
      h = Atomics.compareExchange(slots, j, 0, h1);
      if (h === 0) {
        // A plain store: the compare-and-swap before it is the fence, and a reader that found the
        // first word waits for this one with Atomics.load (an Atomics.store here, a second fence
        // and a call V8 does not inline, cost more per new state than the rest of the insert).
        slots[j + 1] = h2;
        return true;
      }
    }
    if (h === h1) {
      let l = slots[j + 1];
      while (l === 0) l = Atomics.load(slots, j + 1);
      if (l === h2) return false;
    }
    i = (i + 1) & mask;
  }
}

/** `insert` for a thread that inserts alone (the first levels, before the workers take part): no atomics. */
export function insertAlone(slots: Int32Array, mask: number, h1: number, h2: number): boolean {
  let i = home(h1, h2, mask);
  for (;;) {
    const j = i << 1;
    const h = slots[j];
    if (h === 0) {
      slots[j] = h1;
      slots[j + 1] = h2;
      return true;
    }
    if (h === h1 && slots[j + 1] === h2) return false;
    i = (i + 1) & mask;
  }
}

/** True when the fingerprint (h1, h2), both non-zero, is in the table. */
export function contains(slots: Int32Array, mask: number, h1: number, h2: number): boolean {
  let i = home(h1, h2, mask);
  for (;;) {
    const j = i << 1;
    const h = slots[j];
    if (h === 0) return false;
    if (h === h1) {
      let l = slots[j + 1];
      while (l === 0) l = Atomics.load(slots, j + 1);
      if (l === h2) return true;
    }
    i = (i + 1) & mask;
  }
}

/** A table of `capacity` slots holding every fingerprint of `old` (no thread inserts meanwhile). */
export function rehash(old: Int32Array, capacity: number): Int32Array {
  const slots = newTable(capacity);
  const mask = capacity - 1;
  for (let j = 0; j < old.length; j += 2) {
    if ((j & 0x3fffff) === 0) beat();
    const hi = old[j];
    if (hi === 0) continue;
    const lo = old[j + 1];
    let i = home(hi, lo, mask);
    while (slots[i << 1] !== 0) i = (i + 1) & mask;
    slots[i << 1] = hi;
    slots[(i << 1) + 1] = lo;
  }
  return slots;
}

/** Slots of the old table a thread claims at a time while the table is rehashed by several. */
export const REHASH_SPAN = 1 << 15;

/**
 * One thread's part of a rehash done by several: claims spans of `old` through ctl[R_CURSOR] and
 * inserts their fingerprints into `slots` (lock-free, as in a level).
 */
export function rehashPart(old: Int32Array, slots: Int32Array, ctl: Int32Array): void {
  const mask = (slots.length >> 1) - 1;
  const n = old.length >> 1;
  for (;;) {
    const b = Atomics.add(ctl, C.R_CURSOR, REHASH_SPAN);
    if (b >= n) return;
    beat();
    const e = Math.min(n, b + REHASH_SPAN);
    for (let i = b; i < e; i++) {
      const hi = old[i << 1];
      if (hi !== 0) insert(slots, mask, hi, old[(i << 1) + 1]);
    }
  }
}

/**
 * Waits (at most `ms`) while a[i] is `value`: a short spin first, since a level barrier is
 * usually passed within microseconds and waking a sleeping thread costs far more.
 */
export function waitWhile(a: Int32Array, i: number, value: number, ms: number): void {
  for (let k = 0; k < 4000; k++) if (Atomics.load(a, i) !== value) return;
  Atomics.wait(a, i, value, ms);
}
