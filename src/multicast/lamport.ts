/**
 * Totally-ordered multicast without a sequencer: Lamport timestamps, ties broken by process id,
 * agreed through proposals (ISIS-style), over reliable, unordered channels.
 * K. Birman and T. Joseph, "Reliable communication in the presence of failures", ACM TOCS 5(1),
 * 1987 (ISIS ABCAST); L. Lamport, "Time, clocks, and the ordering of events in a distributed
 * system", CACM 21(7), 1978 (the (time, process id) total order); Coulouris et al., "Distributed
 * Systems", §15.4.3. Lecture notes, "Total ordering": processes can generate sequence numbers
 * themselves and resolve ties; "Handling concurrent requests": Lamport timestamps are insufficient
 * on their own, so use the process id to break ties; "Often want FIFO-total ordering".
 *
 * Every process keeps a Lamport clock. To multicast, Pi ticks its clock and netcasts DATA stamped
 * with it. Each receiver acknowledges with a PROPOSE carrying its proposed timestamp (its clock,
 * merged with the stamp and ticked), and holds the message back as tentative at (proposal, own id).
 * With every proposal in, the sender takes the largest (time, proposer id) as the agreed
 * timestamp and netcasts FINAL. A process delivers a message once its timestamp is final and
 * strictly smaller, in (time, id) order, than that of every other message it holds back. The
 * sender's own message is held back at (its stamp, its id), the sender's own proposal, through the
 * same hold-back mechanism.
 *
 * FIFO-total: a process makes its next multicast only once its previous one is agreed. Its clock
 * then exceeds that agreed time, so every proposal for the next message is larger, and so is the
 * next agreed time. Without that wait (`fifo: false`) the order is total but not FIFO (a process
 * may propose for a sender's second message before its first).
 */
import { multicast, send, step, type Protocol } from '../protocol.ts';
import { flush, msgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** A held-back message with its timestamp: tentative (this process's proposal) or final (agreed). */
export interface Pending {
  readonly id: string;
  /** Lamport time of the proposal (tentative) or of the agreed timestamp (final). */
  readonly time: number;
  /** The process id that breaks ties: who proposed this time. */
  readonly pid: number;
  /** The timestamp is agreed. */
  readonly final: boolean;
}

/** Proposals collected by the sender for one of its own multicasts. */
export interface Collecting {
  readonly id: string;
  /** Proposals so far (the sender's own included). */
  readonly count: number;
  /** The largest (time, pid) proposed so far. */
  readonly time: number;
  readonly pid: number;
}

export type LamportMessage =
  /** The multicast, stamped with the sender's Lamport time. */
  | { readonly type: 'DATA'; readonly id: string; readonly ts: number }
  /** A receiver's acknowledgement, with its proposed timestamp (the proposer is the message's sender). */
  | { readonly type: 'PROPOSE'; readonly id: string; readonly time: number }
  /** The agreed timestamp. */
  | { readonly type: 'FINAL'; readonly id: string; readonly time: number; readonly pid: number };

export interface LamportState extends HoldBack<Pending> {
  /** Lamport clock: the largest time this process has stamped, proposed, or seen. */
  readonly clock: number;
  /** Multicasts made so far. */
  readonly sent: number;
  /** Own multicasts whose timestamp is not yet agreed, by identity (at most one with `fifo`). */
  readonly collecting: readonly Collecting[];
}

export interface LamportOptions extends Workload {
  /** FIFO-total: wait for agreement on one's own multicast before the next (default true). */
  readonly fifo?: boolean;
}

/** (t1, p1) before (t2, p2): earlier time; on equal times, smaller process id. */
export function earlier(t1: number, p1: number, t2: number, p2: number): boolean {
  return t1 < t2 || (t1 === t2 && p1 < p2);
}

/**
 * Deliver a final message once no other held-back message is ordered before it. (With the tie-break
 * no two held-back messages have the same (time, id): a process's proposals strictly increase.)
 */
export const timestampOrdering: Ordering<LamportState, Pending> = {
  deliverable: (s, m) => m.final && s.held.every((e) => e.id === m.id || !earlier(e.time, e.pid, m.time, m.pid)),
};

/** ISIS-style total order (FIFO-total unless `fifo` is false), delivering through the hold-back queue by `ordering` ((time, id) order). */
export function totalOrderLamport(options: LamportOptions, ordering: Ordering<LamportState, Pending> = timestampOrdering): Protocol<LamportState, LamportMessage> {
  const fifo = options.fifo ?? true;
  /** Mark `id` final at (time, pid) in the hold-back queue, then deliver what that allows. */
  const agree = (s: LamportState, id: string, time: number, pid: number): LamportState => {
    const held = s.held.map((e) => (e.id === id ? { id, time, pid, final: true } : e));
    return flush({ ...s, clock: Math.max(s.clock, time), held }, ordering);
  };
  return {
    name: fifo ? 'total-order-lamport' : 'total-order-lamport-non-fifo',
    init: () => ({ clock: 0, sent: 0, collecting: [], delivered: [], held: [] }),
    actions: {
      /** Multicast: tick the clock, stamp the message, hold it back at (stamp, own id), collect proposals. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx) && (!fifo || s.collecting.length === 0),
        run: (s, ctx) => {
          const ts = s.clock + 1;
          const id = msgId(ctx.self, s.sent + 1);
          const collecting = [...s.collecting, { id, count: 1, time: ts, pid: ctx.self }];
          const next = receive({ ...s, clock: ts, sent: s.sent + 1, collecting }, { id, time: ts, pid: ctx.self, final: false }, ordering);
          return step(next, multicast(ctx, { type: 'DATA', id, ts }));
        },
      },
    },
    handlers: {
      /** Receive: propose a timestamp (clock merged with the stamp, ticked), hold the message back as tentative. */
      DATA: (s, msg, from, ctx) => {
        const time = Math.max(s.clock, msg.ts) + 1;
        const next = receive({ ...s, clock: time }, { id: msg.id, time, pid: ctx.self, final: false }, ordering);
        return step(next, send(from, { type: 'PROPOSE', id: msg.id, time }));
      },
      /** Collect a proposal; with all n in, agree on the largest (time, id) and netcast it. */
      PROPOSE: (s, msg, from, ctx) => {
        const c = s.collecting.find((x) => x.id === msg.id);
        if (!c) throw new Error(`P${ctx.self} got a proposal for ${msg.id}, which it is not collecting`);
        const larger = msg.time > c.time || (msg.time === c.time && from > c.pid);
        const got: Collecting = { id: c.id, count: c.count + 1, time: larger ? msg.time : c.time, pid: larger ? from : c.pid };
        if (got.count < ctx.n) return step({ ...s, collecting: s.collecting.map((x) => (x.id === msg.id ? got : x)) });
        const rest = s.collecting.filter((x) => x.id !== msg.id);
        return step(agree({ ...s, collecting: rest }, msg.id, got.time, got.pid), multicast(ctx, { type: 'FINAL', id: msg.id, time: got.time, pid: got.pid }));
      },
      /** The agreed timestamp: mark the message final, deliver what is now first. */
      FINAL: (s, msg) => step(agree(s, msg.id, msg.time, msg.pid)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx) && s.collecting.length === 0,
  };
}
