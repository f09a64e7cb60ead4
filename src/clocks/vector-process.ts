/**
 * Processes keeping a vector clock.
 * C. J. Fidge, "Timestamps in message-passing systems that preserve the partial ordering", 1988;
 * F. Mattern, "Virtual time and global states of distributed systems", 1989. Lecture notes:
 * "Vector clocks: list of Lamport clocks, one per process – Element Vi[j] captures #events at Pj
 * observed by Pi"; "When P2 receives m1, it merges the entries from P1’s clock – choose the
 * maximum value in each position".
 *
 * Each process performs at most `events` events of its own, each either an internal event or a
 * send to any other process, and receives whatever is sent to it (over unordered channels, so in
 * any order). It increments its own entry on an internal event and on a send ({@link vtick}),
 * stamps every message with the send's timestamp, and on receipt merges the message's clock
 * (element-wise max) and then increments its own entry ({@link vreceive}). The clock after an
 * event is that event's timestamp V(e).

 */
import { send, step, type LocalAction, type Protocol } from '../protocol.ts';
import { sendAction } from './lamport-process.ts';
import { vreceive, vtick, vzero, type VectorClock } from './vector.ts';

export interface VectorProcessState {
  /** Vector clock: clock[j] counts the events of process j this process has observed, its own included. */
  readonly clock: VectorClock;
  /** Internal events and sends this process may still perform (receives are not counted). */
  readonly left: number;
}

/** The only message: it carries the sender's vector timestamp of the send event. */
export type VectorMessage = { readonly type: 'MSG'; readonly vt: VectorClock };

export interface VectorProcessOptions {
  /** Internal events and sends per process (at least 0). */
  readonly events: number;
}

/**
 * Processes of a system of `n` keeping vector clocks. Each has an `internal` action and one
 * `send to Pj` action per other process j; `n` fixes the clock size and the action names.
 *
 * @throws RangeError if `n` is not a positive integer or `events` is not a non-negative integer.
 */
export function vectorProcess(n: number, options: VectorProcessOptions): Protocol<VectorProcessState, VectorMessage> {
  const { events } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${String(n)}`);
  if (!Number.isInteger(events) || events < 0) throw new RangeError(`events must be a non-negative integer, got ${String(events)}`);

  const sends: Record<string, LocalAction<VectorProcessState, VectorMessage>> = {};
  for (let to = 0; to < n; to++) {
    /** Send to process `to`: increment the own entry and stamp the message with the new clock. */
    sends[sendAction(to)] = {
      guard: (s, ctx) => s.left > 0 && ctx.self !== to,
      run: (s, ctx) => {
        const clock = vtick(s.clock, ctx.self);
        return step<VectorProcessState, VectorMessage>({ clock, left: s.left - 1 }, send(to, { type: 'MSG', vt: clock }));
      },
    };
  }

  return {
    name: 'vector-clocks',
    init: () => ({ clock: vzero(n), left: events }),
    actions: {
      /** An internal event: increment the own entry. */
      internal: {
        guard: (s) => s.left > 0,
        run: (s, ctx) => step({ clock: vtick(s.clock, ctx.self), left: s.left - 1 }),
      },
      ...sends,
    },
    handlers: {
      /** Receive: merge the message's clock (element-wise max), then increment the own entry. */
      MSG: (s, msg, _from, ctx) => step({ ...s, clock: vreceive(s.clock, msg.vt, ctx.self) }),
    },
    isDone: (s) => s.left === 0,
  };
}

/** The view the vector-clock properties use: the clock after an event is its timestamp. */
export const vectorClockOf = (s: VectorProcessState): VectorClock => s.clock;
