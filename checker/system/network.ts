/**
 * Network semantics: the contents of one channel, interned to a number, and the operations the
 * composer needs, memoised. A FIFO channel is a sequence (delivered from the head); an unordered
 * one is a bag, kept sorted (any distinct message may be delivered next). Lossy networks may drop
 * any message in flight; duplicating ones may deliver a message and keep a copy in flight.
 *
 * Channel entries are plain numbers: messages, or (in causal systems) tags that pair a message
 * with its send's timestamp; this module does not care which.
 */
import { UsageError } from '../errors.ts';
import { Interner } from '../values.ts';
import type { Network } from './types.ts';

/**
 * Stores x at index i of a memo array, keeping the array dense (V8 turns an array assigned far
 * past its end into a slow dictionary): the gap is filled with undefined.
 */
export function put<T>(a: (T | undefined)[], i: number, x: T): T {
  while (a.length < i) a.push(undefined);
  a[i] = x;
  return x;
}

/** The distinct values of a sorted array, in order. */
function distinctOf(ms: Int32Array): Int32Array {
  return ms.filter((m, i) => i === 0 || ms[i - 1] !== m);
}

export interface Channels {
  readonly isFifo: boolean;
  readonly lossy: boolean;
  readonly duplicating: boolean;
  /** A message sent where an equal one is in flight merges with it (a set of messages per channel). */
  readonly merging: boolean;
  /** The number of the empty channel. */
  readonly EMPTY: number;
  /** The entries of content c, in channel order (FIFO: send order; bag: ascending). */
  entries(c: number): Int32Array;
  /** Content c with entry e sent into it. */
  push(c: number, e: number): number;
  /** FIFO: content c without its head. */
  tail(c: number): number;
  /** Bag: content c without one copy of e. */
  remove(c: number, e: number): number;
  /** Bag: the distinct entries of c, ascending. */
  distinct(c: number): Int32Array;
  /** Content c without the entry at position i (a loss). */
  removeAt(c: number, i: number): number;
  /** The distinct contents c can become by losing one entry, with the entry lost: [rest, entry, rest, entry, …]. */
  losses(c: number): readonly number[];
  readonly size: number;
}

/** The channel contents of one system over `network`. */
export function channels(network: Network): Channels {
  const isFifo = network.order === 'fifo';
  const merging = network.merging ?? false;
  if (merging && isFifo) throw new UsageError('a merging network must be unordered (a set of messages per channel)');
  const contents = new Interner<Int32Array>('channel contents');
  const contentId = (ms: Int32Array): number => contents.internKeyed(ms, ms.join(','));
  const EMPTY = contentId(new Int32Array(0));
  const pushMemo: (number[] | undefined)[] = [];
  const tailMemo: (number | undefined)[] = [];
  const removeMemo: (number[] | undefined)[] = [];
  const distinctMemo: (Int32Array | undefined)[] = [];
  const lossMemo: (readonly number[] | undefined)[] = [];

  const removeAt = (c: number, i: number): number => {
    const old = contents.values[c];
    const ms = new Int32Array(old.length - 1);
    ms.set(old.subarray(0, i));
    ms.set(old.subarray(i + 1), i);
    return contentId(ms);
  };
  const remove = (c: number, m: number): number => {
    let row = removeMemo[c];
    if (row === undefined) row = put(removeMemo, c, []);
    let r = row[m];
    if (r === undefined) r = put(row, m, removeAt(c, contents.values[c].indexOf(m)));
    return r;
  };
  return {
    isFifo,
    lossy: network.lossy ?? false,
    duplicating: network.duplicating ?? false,
    merging,
    EMPTY,
    entries: (c) => contents.values[c],
    push(c, m) {
      let row = pushMemo[c];
      if (row === undefined) row = put(pushMemo, c, []);
      let r = row[m];
      if (r === undefined) {
        const old = contents.values[c];
        if (merging && old.includes(m)) return put(row, m, c);
        const ms = new Int32Array(old.length + 1);
        if (isFifo) {
          ms.set(old);
          ms[old.length] = m;
        } else {
          let i = 0;
          while (i < old.length && old[i] <= m) { ms[i] = old[i]; i++; }
          ms[i] = m;
          for (; i < old.length; i++) ms[i + 1] = old[i];
        }
        r = put(row, m, contentId(ms));
      }
      return r;
    },
    tail(c) {
      let r = tailMemo[c];
      if (r === undefined) r = put(tailMemo, c, contentId(contents.values[c].slice(1)));
      return r;
    },
    remove,
    distinct(c) {
      const r = distinctMemo[c];
      return r !== undefined ? r : put(distinctMemo, c, distinctOf(contents.values[c]));
    },
    removeAt,
    losses(c) {
      let r = lossMemo[c];
      if (r === undefined) {
        const content = contents.values[c];
        const out: number[] = [];
        const seen = new Set<number>();
        for (let i = 0; i < content.length; i++) {
          const rest = isFifo ? removeAt(c, i) : remove(c, content[i]);
          if (seen.has(rest)) continue;
          seen.add(rest);
          out.push(rest, content[i]);
        }
        r = put(lossMemo, c, out);
      }
      return r;
    },
    get size() {
      return contents.size;
    },
  };
}
