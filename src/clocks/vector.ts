/**
 * Vector clocks (Fidge/Mattern) as immutable arrays of numbers.
 *
 * Entry `v[j]` of process i's clock counts the events of process j that i has
 * observed (its own included). Vector clocks characterise happens-before
 * exactly: `V(a) < V(b)` iff a -> b, and `V(a)`, `V(b)` are incomparable iff a
 * and b are concurrent. Every function here is pure: inputs are never
 * modified and results are fresh arrays.
 *
 * @module
 */

/** A vector clock: entry j counts the observed events of process j. */
export type VectorClock = readonly number[];

/** The outcome of comparing two vector clocks under the pointwise partial order. */
export type VectorOrder = 'before' | 'after' | 'equal' | 'concurrent';

function assertSameLength(a: VectorClock, b: VectorClock): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `vector clocks have different lengths: ${a.length} and ${b.length}`,
    );
  }
}

function assertIndex(v: VectorClock, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= v.length) {
    throw new RangeError(
      `process index ${String(i)} is out of range for a vector clock of length ${v.length}`,
    );
  }
}

/**
 * The initial clock of a system of `n` processes: `n` zeros.
 *
 * @throws RangeError if `n` is not a non-negative integer.
 */
export function vzero(n: number): VectorClock {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`vector clock size must be a non-negative integer, got ${String(n)}`);
  }
  return new Array<number>(n).fill(0);
}

/**
 * Records a local event (or a send) at process `i`: a copy of `v` with `v[i]`
 * incremented.
 *
 * @throws RangeError if `i` is not an index of `v`.
 */
export function vtick(v: VectorClock, i: number): VectorClock {
  assertIndex(v, i);
  const out = v.slice();
  out[i] += 1;
  return out;
}

/**
 * The element-wise maximum of two clocks: their least upper bound in the
 * pointwise order.
 *
 * @throws RangeError naming both lengths if `a` and `b` differ in length.
 */
export function vmerge(a: VectorClock, b: VectorClock): VectorClock {
  assertSameLength(a, b);
  return a.map((x, j) => Math.max(x, b[j]));
}

/**
 * Timestamp of a receive at process `i`: merge the receiver's clock with the
 * clock carried by the message, then tick entry `i`.
 *
 * @param own the receiver's clock before the receive.
 * @param msg the clock carried by the message (the sender's clock at the send).
 * @param i the receiver's process index.
 * @throws RangeError if the lengths differ or `i` is out of range.
 */
export function vreceive(own: VectorClock, msg: VectorClock, i: number): VectorClock {
  return vtick(vmerge(own, msg), i);
}

/**
 * Compares two clocks in the pointwise partial order.
 *
 * @returns `'equal'` if all entries are equal, `'before'` if `a <= b`
 *   everywhere and they differ somewhere (a happened before b), `'after'` if
 *   the reverse holds, and `'concurrent'` if neither dominates the other.
 * @throws RangeError naming both lengths if `a` and `b` differ in length.
 */
export function vcompare(a: VectorClock, b: VectorClock): VectorOrder {
  assertSameLength(a, b);
  let someLess = false;
  let someGreater = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j] < b[j]) someLess = true;
    else if (a[j] > b[j]) someGreater = true;
  }
  if (someLess && someGreater) return 'concurrent';
  if (someLess) return 'before';
  if (someGreater) return 'after';
  return 'equal';
}

/**
 * Pointwise `a <= b` (every entry of `a` is at most the matching entry of `b`).
 *
 * @throws RangeError naming both lengths if `a` and `b` differ in length.
 */
export function vleq(a: VectorClock, b: VectorClock): boolean {
  const order = vcompare(a, b);
  return order === 'before' || order === 'equal';
}

/**
 * Strict `a < b`: `a <= b` pointwise and `a !== b` in at least one entry. For
 * timestamps of events, this is exactly happens-before.
 *
 * @throws RangeError naming both lengths if `a` and `b` differ in length.
 */
export function vlt(a: VectorClock, b: VectorClock): boolean {
  return vcompare(a, b) === 'before';
}

/**
 * True iff neither `a <= b` nor `b <= a`. For timestamps of events, this is
 * exactly "a and b are concurrent".
 *
 * @throws RangeError naming both lengths if `a` and `b` differ in length.
 */
export function vconcurrent(a: VectorClock, b: VectorClock): boolean {
  return vcompare(a, b) === 'concurrent';
}
