/**
 * Lamport's mutual exclusion: multicast for total ordering.
 * L. Lamport, "Time, clocks, and the ordering of events in a distributed system", CACM 21(7),
 * 1978, section on the mutual exclusion problem. Lecture notes, "Additional details": variant
 * scheme (Lamport).
 *
 * To enter, Pi multicasts request(Pi, Ti) and puts it in its own request queue. On receipt of a
 * request, Pj puts it in its queue and replies with ack(Pj, Tj). Every process keeps the requests
 * in a queue ordered by (time, id). Pi enters when its own request is first in its queue and it has
 * received a message stamped later than its request from every other process; when done it
 * removes its request and multicasts release(Pi, Ti); Pj, receiving it, removes Pi's request.
 *
 * The notes' slide says "If process Pi sees his request is earliest, can enter CS", keeping "all
 * requests and acks in ordered queue". The acks are what make "earliest" safe to act on: only once
 * Pi holds a message stamped later than its request from every other process can no earlier
 * request still be on its way to it. Read without them (first in the own queue is enough), the rule
 * breaks mutual exclusion in 4 steps: models/mutex `lamport-mutex-first-in-queue`.
 *
 * "Later-stamped from everyone" implies "no earlier request is still on its way" only if each
 * channel delivers in send order: the algorithm needs FIFO channels.
 *
 * Clocks. Every message carries the sender's clock and the receiver catches up with it: a request
 * sets the clock past the request's time (C := max(C, T+1), Lamport's IR2), so the ack it sends
 * back is stamped later than the request; an ack or a release only catches up (C := max(C, T));
 * a request ticks (C := C+1) and a release is stamped with the current clock. That is enough for
 * what the algorithm uses: requests get distinct (time, id) and a request that happened after a
 * message is stamped later than it (so requests that happened before others are served first).
 * Setting the clock past acks and releases too (max(C, T+1) on every receipt) only spreads the
 * clock values: at n=3 with two entries each, a search stopped at 60 million states had not ended;
 * with the rule above there are 5,105,914.
 */
import { multicast, send, step, type Context, type Protocol } from '../protocol.ts';

export type Mode = 'FREE' | 'WANT' | 'HELD';

/** A request in the queue: its Lamport time and its process. */
export interface Request {
  readonly ts: number;
  readonly p: number;
}

export interface LMState {
  /** FREE, WANT (own request queued, waiting to be first and acknowledged) or HELD (in the critical section). */
  readonly mode: Mode;
  /** Lamport clock: +1 on a request; max(C, T+1) on receiving a request, max(C, T) on an ack or release. */
  readonly clock: number;
  /** Timestamp of this process's pending request (0 when it has none). */
  readonly requestedAt: number;
  /** The requests this process knows to be pending (its own included), ordered by (time, id). */
  readonly queue: readonly Request[];
  /** While WANT: the other processes from which a message stamped later than (requestedAt, self) has arrived (ascending ids). */
  readonly heardLater: readonly number[];
}

export type LMMessage =
  | { readonly type: 'REQUEST'; readonly ts: number }
  | { readonly type: 'ACK'; readonly ts: number }
  | { readonly type: 'RELEASE'; readonly ts: number };

/** (t1, i) < (t2, j): the total order on requests. */
const before = (t1: number, i: number, t2: number, j: number): boolean => t1 < t2 || (t1 === t2 && i < j);

function enqueue(queue: readonly Request[], r: Request): readonly Request[] {
  const q = [...queue, r];
  q.sort((a, b) => (before(a.ts, a.p, b.ts, b.p) ? -1 : 1));
  return q;
}

/** Notes a message from `from` stamped ts: it counts if it is later than our pending request. */
function hear(s: LMState, ts: number, from: number, ctx: Context): readonly number[] {
  if (s.mode !== 'WANT' || s.heardLater.includes(from) || !before(s.requestedAt, ctx.self, ts, from)) return s.heardLater;
  return [...s.heardLater, from].sort((a, b) => a - b);
}

/** Lamport's mutual exclusion (run it over FIFO channels; over unordered ones it is broken). */
export function lamportMutex(): Protocol<LMState, LMMessage> {
  return {
    name: 'lamport-mutex',
    init: () => ({ mode: 'FREE', clock: 0, requestedAt: 0, queue: [], heardLater: [] }),
    actions: {
      /** Multicast request(Pi, Ti) and put it in the own queue. */
      request: {
        guard: (s) => s.mode === 'FREE',
        run: (s, ctx) => {
          const clock = s.clock + 1;
          return step(
            { ...s, mode: 'WANT', clock, requestedAt: clock, queue: enqueue(s.queue, { ts: clock, p: ctx.self }), heardLater: [] },
            multicast(ctx, { type: 'REQUEST', ts: clock }),
          );
        },
      },
      /** Own request first in the queue and a later-stamped message from every other process: enter. */
      enter: {
        guard: (s, ctx) => s.mode === 'WANT' && s.queue[0]?.p === ctx.self && s.heardLater.length === ctx.n - 1,
        run: (s) => step({ ...s, mode: 'HELD', heardLater: [] }),
      },
      /** Done: remove the own request and multicast release(Pi, Ti). */
      release: {
        guard: (s) => s.mode === 'HELD',
        run: (s, ctx) =>
          step({ ...s, mode: 'FREE', requestedAt: 0, queue: s.queue.filter((r) => r.p !== ctx.self) }, multicast(ctx, { type: 'RELEASE', ts: s.clock })),
      },
    },
    handlers: {
      /** Queue Pj's request and reply with ack(Pi, Ti). */
      REQUEST: (s, msg, from, ctx) => {
        const clock = Math.max(s.clock, msg.ts + 1);
        return step(
          { ...s, clock, queue: enqueue(s.queue, { ts: msg.ts, p: from }), heardLater: hear(s, msg.ts, from, ctx) },
          send(from, { type: 'ACK', ts: clock }),
        );
      },
      /** An acknowledgement: only its timestamp matters. */
      ACK: (s, msg, from, ctx) => step({ ...s, clock: Math.max(s.clock, msg.ts), heardLater: hear(s, msg.ts, from, ctx) }),
      /** Pj is done: remove its request from the queue (Lamport: "removes any Tm:Pj request"). */
      RELEASE: (s, msg, from, ctx) =>
        step({ ...s, clock: Math.max(s.clock, msg.ts), queue: s.queue.filter((r) => r.p !== from), heardLater: hear(s, msg.ts, from, ctx) }),
    },
    isDone: (s) => s.mode === 'FREE',
  };
}

/** The process is in the critical section. */
export const inCriticalSection = (s: LMState): boolean => s.mode === 'HELD';

/** The process has requested and not yet entered. */
export const waiting = (s: LMState): boolean => s.mode === 'WANT';
