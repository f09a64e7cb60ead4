/**
 * Lamport (scalar) logical clocks as pure functions on numbers.
 *
 * A Lamport clock L satisfies the clock condition: if a -> b (a happens-before b)
 * then L(a) < L(b). The converse does not hold: L(a) < L(b) says nothing about
 * whether a -> b. Pairing L with the process id gives a total order that extends
 * happens-before (see {@link compareLamportTotal}).
 *
 * @module
 */

/** A Lamport timestamp tagged with the id of the process that produced it. */
export interface LamportStamp {
  /** The Lamport clock value L(e). */
  readonly time: number;
  /** The id of the process at which the event happened (the tie-breaker). */
  readonly pid: number;
}

function assertClock(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/**
 * Advances a Lamport clock for a local event or a send: returns `c + 1`.
 *
 * @param c the process's current clock value (a non-negative safe integer).
 * @returns the timestamp of the new event, which is also the new clock value.
 * @throws RangeError if `c` is not a non-negative safe integer.
 */
export function lamportTick(c: number): number {
  assertClock('Lamport clock', c);
  return c + 1;
}

/**
 * Advances a Lamport clock on receipt of a message: returns `max(own, msg) + 1`.
 *
 * The result is strictly greater than both the receiver's clock and the
 * timestamp carried by the message, which is what makes send -> receive respect
 * the clock condition.
 *
 * @param own the receiver's current clock value.
 * @param msg the Lamport timestamp carried by the message (the sender's clock at the send).
 * @returns the timestamp of the receive event, which is also the new clock value.
 * @throws RangeError if either argument is not a non-negative safe integer.
 */
export function lamportReceive(own: number, msg: number): number {
  assertClock('receiver Lamport clock', own);
  assertClock('message Lamport timestamp', msg);
  return Math.max(own, msg) + 1;
}

/**
 * Compares two stamps in the (L, process id) total order: first by `time`, then
 * by `pid`. Two distinct events of one run never compare equal under this order,
 * since events of the same process have distinct Lamport times.
 *
 * @returns -1 if `a` precedes `b`, 1 if `b` precedes `a`, 0 if both fields are equal.
 * @throws RangeError if a `time` or `pid` is not a non-negative safe integer.
 */
export function compareLamportTotal(a: LamportStamp, b: LamportStamp): -1 | 0 | 1 {
  assertClock('first stamp time', a.time);
  assertClock('second stamp time', b.time);
  assertClock('first stamp pid', a.pid);
  assertClock('second stamp pid', b.pid);
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.pid !== b.pid) return a.pid < b.pid ? -1 : 1;
  return 0;
}
