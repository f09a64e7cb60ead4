/**
 * Recorded runs of a message-passing system, and the happens-before relation
 * on their events.
 *
 * A run lists, for each process, the sequence of events it executed. Events are
 * addressed as `{ p, i }`: the i-th event (0-based) of process p.
 * Happens-before (->) is the smallest transitive relation containing program
 * order (`{p, i} -> {p, i + 1}`) and every send -> matching receive.
 *
 * @module
 */

import { lamportReceive, lamportTick } from '../clocks/lamport.ts';
import { vmerge, vlt, vtick, vzero, vconcurrent } from '../clocks/vector.ts';
import type { VectorClock } from '../clocks/vector.ts';

/**
 * One event of a process. `msg` is a message id, unique within the run: each
 * message is sent exactly once and received at most once (messages never
 * received are still in flight at the end of the run), by a process other than
 * its sender.
 */
export type RunEvent =
  | { readonly kind: 'local' }
  | { readonly kind: 'send'; readonly msg: string }
  | { readonly kind: 'receive'; readonly msg: string };

/** A recorded run: `events[p]` is the sequence of events of process `p`, for `p` in `0..n-1`. */
export interface Run {
  /** The number of processes. */
  readonly n: number;
  /** `events[p][i]` is the i-th event of process p. */
  readonly events: readonly (readonly RunEvent[])[];
}

/** The address of an event: the `i`-th event (0-based) of process `p`. */
export interface EventRef {
  readonly p: number;
  readonly i: number;
}

/** Human-readable name of an event, used in error messages, e.g. `P1[0] (receive "m1")`. */
function describe(run: Run, ref: EventRef): string {
  const e = run.events[ref.p]?.[ref.i];
  if (e === undefined) return `P${ref.p}[${ref.i}]`;
  return e.kind === 'local'
    ? `P${ref.p}[${ref.i}] (local)`
    : `P${ref.p}[${ref.i}] (${e.kind} ${JSON.stringify(e.msg)})`;
}

/**
 * Checks the shape of the run and the message discipline, and returns the
 * location of each message's send (message id -> send event).
 */
function indexSends(run: Run): Map<string, EventRef> {
  if (!Number.isInteger(run.n) || run.n < 1) {
    throw new RangeError(`run.n must be a positive integer, got ${String(run.n)}`);
  }
  if (!Array.isArray(run.events) || run.events.length !== run.n) {
    const len = Array.isArray(run.events) ? String(run.events.length) : typeof run.events;
    throw new RangeError(`run.events has length ${len} but run.n is ${run.n}`);
  }
  const sends = new Map<string, EventRef>();
  for (let p = 0; p < run.n; p++) {
    const evs = run.events[p];
    if (!Array.isArray(evs)) {
      throw new Error(`run.events[${p}] is not an array (got ${typeof evs})`);
    }
    for (let i = 0; i < evs.length; i++) {
      const e: RunEvent = evs[i];
      const kind: unknown = (e as { kind?: unknown } | undefined)?.kind;
      if (kind !== 'local' && kind !== 'send' && kind !== 'receive') {
        throw new Error(`P${p}[${i}] has unknown event kind ${JSON.stringify(kind)}`);
      }
      if (e.kind === 'local') continue;
      if (typeof e.msg !== 'string') {
        throw new Error(`P${p}[${i}] (${e.kind}) has a non-string message id ${String(e.msg)}`);
      }
      if (e.kind === 'send') {
        const prev = sends.get(e.msg);
        if (prev !== undefined) {
          throw new Error(
            `message ${JSON.stringify(e.msg)} is sent twice: by ${describe(run, prev)} and by ${describe(run, { p, i })}`,
          );
        }
        sends.set(e.msg, { p, i });
      }
    }
  }
  const receivedAt = new Map<string, EventRef>();
  for (let p = 0; p < run.n; p++) {
    const evs = run.events[p];
    for (let i = 0; i < evs.length; i++) {
      const e = evs[i];
      if (e.kind !== 'receive') continue;
      const here = describe(run, { p, i });
      const send = sends.get(e.msg);
      if (send === undefined) {
        throw new Error(`${here} receives message ${JSON.stringify(e.msg)}, which no event sends`);
      }
      if (send.p === p) {
        throw new Error(
          `${here} receives message ${JSON.stringify(e.msg)}, which its own process sent at ${describe(run, send)}`,
        );
      }
      const prev = receivedAt.get(e.msg);
      if (prev !== undefined) {
        throw new Error(
          `message ${JSON.stringify(e.msg)} is received twice: by ${describe(run, prev)} and by ${here}`,
        );
      }
      receivedAt.set(e.msg, { p, i });
    }
  }
  return sends;
}

/**
 * Schedules the events of a structurally valid run in an order compatible with
 * happens-before. Deterministic: sweeps processes 0..n-1 repeatedly, taking at
 * most one event per process per sweep; a receive is taken only once its send
 * has been taken. Throws if some receive can never be taken (a cycle).
 */
function schedule(run: Run, sends: Map<string, EventRef>): EventRef[] {
  const next = new Array<number>(run.n).fill(0);
  const order: EventRef[] = [];
  let total = 0;
  for (const evs of run.events) total += evs.length;
  while (order.length < total) {
    let progressed = false;
    for (let p = 0; p < run.n; p++) {
      const i = next[p];
      if (i >= run.events[p].length) continue;
      const e = run.events[p][i];
      if (e.kind === 'receive') {
        const s = sends.get(e.msg) as EventRef; // exists: checked by indexSends
        if (next[s.p] <= s.i) continue; // send not yet scheduled
      }
      order.push({ p, i });
      next[p] = i + 1;
      progressed = true;
    }
    if (!progressed) {
      const blocked: string[] = [];
      for (let p = 0; p < run.n; p++) {
        const i = next[p];
        if (i >= run.events[p].length) continue;
        const e = run.events[p][i];
        const s = e.kind === 'receive' ? sends.get(e.msg) : undefined;
        blocked.push(
          `${describe(run, { p, i })} waits for ${s === undefined ? '?' : describe(run, s)}`,
        );
      }
      throw new Error(
        `run is cyclic: receives depend on sends that depend on them; blocked: ${blocked.join('; ')}`,
      );
    }
  }
  return order;
}

/**
 * Validates a run, throwing an `Error` that names the offending event(s) if:
 * - `n` is not a positive integer or `events.length !== n` (RangeError);
 * - an event has an unknown kind or a send/receive has a non-string message id;
 * - a message is sent twice;
 * - a receive names a message that no event sends;
 * - a process receives a message it sent itself;
 * - a message is received twice;
 * - the run is cyclic (a receive causally depends on a send that depends on
 *   that receive), i.e. no execution could have produced it.
 *
 * Messages that are sent but never received are allowed (in flight).
 */
export function validateRun(run: Run): void {
  schedule(run, indexSends(run));
}

/**
 * A linearization of the run: every event exactly once, in an order where each
 * event comes after everything that happens-before it. Deterministic (see
 * {@link validateRun} for the errors thrown on invalid runs).
 */
export function linearize(run: Run): EventRef[] {
  return schedule(run, indexSends(run));
}

/**
 * The Fidge/Mattern vector timestamp of every event: `result[p][i]` is the
 * timestamp of event `{p, i}`. Event i of process p gets `V[p] = i + 1`; a
 * receive additionally merges the timestamp of its matching send. Then
 * `V(a) < V(b)` iff a -> b.
 *
 * @throws Error if the run is invalid or cyclic (see {@link validateRun}).
 */
export function vectorTimestamps(run: Run): VectorClock[][] {
  const sends = indexSends(run);
  const order = schedule(run, sends);
  const ts: VectorClock[][] = run.events.map(() => []);
  for (const { p, i } of order) {
    let base = i === 0 ? vzero(run.n) : ts[p][i - 1];
    const e = run.events[p][i];
    if (e.kind === 'receive') {
      const s = sends.get(e.msg) as EventRef;
      base = vmerge(base, ts[s.p][s.i]);
    }
    ts[p][i] = vtick(base, p);
  }
  return ts;
}

/**
 * The Lamport timestamp of every event: `result[p][i]` is L({p, i}), computed
 * with {@link lamportTick} for local events and sends and
 * {@link lamportReceive} for receives (the message carries the send's L).
 *
 * @throws Error if the run is invalid or cyclic (see {@link validateRun}).
 */
export function lamportTimestamps(run: Run): number[][] {
  const sends = indexSends(run);
  const order = schedule(run, sends);
  const ls: number[][] = run.events.map(() => []);
  for (const { p, i } of order) {
    const own = i === 0 ? 0 : ls[p][i - 1];
    const e = run.events[p][i];
    if (e.kind === 'receive') {
      const s = sends.get(e.msg) as EventRef;
      ls[p][i] = lamportReceive(own, ls[s.p][s.i]);
    } else {
      ls[p][i] = lamportTick(own);
    }
  }
  return ls;
}

function assertRef(run: Run, ref: EventRef, name: string): void {
  if (!Number.isInteger(ref.p) || ref.p < 0 || ref.p >= run.n) {
    throw new RangeError(
      `${name} event process ${String(ref.p)} is out of range 0..${run.n - 1}`,
    );
  }
  const len = run.events[ref.p].length;
  if (!Number.isInteger(ref.i) || ref.i < 0 || ref.i >= len) {
    throw new RangeError(
      `${name} event index ${String(ref.i)} is out of range for process ${ref.p}, which has ${len} events`,
    );
  }
}

/**
 * True iff event `a` happens-before event `b` (a -> b) in the run; irreflexive.
 * Recomputes the run's vector timestamps: for many queries on one run, call
 * {@link vectorTimestamps} once and compare with `vlt`.
 *
 * @throws Error if the run is invalid; RangeError if `a` or `b` does not address an event.
 */
export function happensBefore(run: Run, a: EventRef, b: EventRef): boolean {
  const ts = vectorTimestamps(run);
  assertRef(run, a, 'first');
  assertRef(run, b, 'second');
  return vlt(ts[a.p][a.i], ts[b.p][b.i]);
}

/**
 * True iff events `a` and `b` are concurrent: neither a -> b nor b -> a (and
 * they are distinct events).
 *
 * @throws Error if the run is invalid; RangeError if `a` or `b` does not address an event.
 */
export function concurrent(run: Run, a: EventRef, b: EventRef): boolean {
  const ts = vectorTimestamps(run);
  assertRef(run, a, 'first');
  assertRef(run, b, 'second');
  return vconcurrent(ts[a.p][a.i], ts[b.p][b.i]);
}
