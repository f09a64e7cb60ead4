/**
 * Processes keeping a Lamport clock.
 * L. Lamport, "Time, clocks, and the ordering of events in a distributed system", CACM 21(7), 1978.
 * Lecture notes: "Lamport clocks, L(e): an integer – Increment to (max of (sender, receiver)) + 1
 * on receipt – But given L(a) < L(b), know nothing about order of a and b".
 *
 * Each process performs at most `events` events of its own, each either an internal event or a
 * send to any other process, and receives whatever is sent to it (over unordered channels, so in
 * any order). It ticks its clock on an internal event and on a send, stamps every message with
 * the send's timestamp, and on receipt sets its clock to max(own, message) + 1
 * ({@link lamportTick}, {@link lamportReceive}). The clock after an event is that event's
 * timestamp L(e).

 */
import { send, step, type LocalAction, type Protocol } from '../protocol.ts';
import { lamportReceive, lamportTick } from './lamport.ts';

export interface LamportProcessState {
  /** Lamport clock: the timestamp of this process's latest event (0 before its first). */
  readonly clock: number;
  /** Internal events and sends this process may still perform (receives are not counted). */
  readonly left: number;
}

/** The only message: it carries the sender's Lamport timestamp of the send event. */
export type LamportMessage = { readonly type: 'MSG'; readonly ts: number };

export interface LamportProcessOptions {
  /** Internal events and sends per process (at least 0). */
  readonly events: number;
}

/** The name of a send action: `send to P2`. */
export const sendAction = (to: number): string => `send to P${to}`;

/**
 * Processes of a system of `n` keeping Lamport clocks. Each has an `internal` action and one
 * `send to Pj` action per other process j; `n` fixes the action names.
 *
 * @throws RangeError if `n` is not a positive integer or `events` is not a non-negative integer.
 */
export function lamportProcess(n: number, options: LamportProcessOptions): Protocol<LamportProcessState, LamportMessage> {
  const { events } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${String(n)}`);
  if (!Number.isInteger(events) || events < 0) throw new RangeError(`events must be a non-negative integer, got ${String(events)}`);

  const sends: Record<string, LocalAction<LamportProcessState, LamportMessage>> = {};
  for (let to = 0; to < n; to++) {
    /** Send to process `to`: tick the clock and stamp the message with the new value. */
    sends[sendAction(to)] = {
      guard: (s, ctx) => s.left > 0 && ctx.self !== to,
      run: (s) => {
        const clock = lamportTick(s.clock);
        return step<LamportProcessState, LamportMessage>({ clock, left: s.left - 1 }, send(to, { type: 'MSG', ts: clock }));
      },
    };
  }

  return {
    name: 'lamport-clocks',
    init: () => ({ clock: 0, left: events }),
    actions: {
      /** An internal event: tick the clock. */
      internal: {
        guard: (s) => s.left > 0,
        run: (s) => step({ clock: lamportTick(s.clock), left: s.left - 1 }),
      },
      ...sends,
    },
    handlers: {
      /** Receive: the clock becomes max(own, message) + 1. */
      MSG: (s, msg) => step({ ...s, clock: lamportReceive(s.clock, msg.ts) }),
    },
    isDone: (s) => s.left === 0,
  };
}

/** The view the clock properties use: the Lamport clock after an event is its timestamp. */
export const lamportClockOf = (s: LamportProcessState): number => s.clock;
