/**
 * Causally-ordered multicast with vector timestamps over reliable, unordered channels.
 * Lecture notes, "Causal ordering" and "Implementing causal ordering": start with the receive
 * algorithm for FIFO multicast and replace sequence numbers with vector clocks; hold back m2 until
 * the missing events it has seen are delivered ("(0,0,0) != (1,0,2), so must hold back m2").
 * K. Birman, A. Schiper, P. Stephenson, "Lightweight causal and atomic group multicast", ACM TOCS
 * 9(3), 1991 (CBCAST); Coulouris et al., "Distributed Systems", §15.4.3, Figure 15.15.
 *
 * A message m from Pi carrying vector V is delivered at Pj once it is the next from Pi
 * (delivered[i] = V[i] − 1) and everything it depends on has been delivered (delivered[k] ≥ V[k]
 * for every k ≠ i).
 *
 * Which clock stamps a multicast. The textbook stamps it with the sender's delivery counts, which
 * is causal for the happens-before of deliveries. The checker's happens-before is the ground truth
 * of the run, where the *receipt* of a message that is still held back already orders what follows
 * it: with delivery counts as stamps, a process that received P0#2 (held back, P0#1 missing) and
 * then multicasts m gives m no dependency on P0#1, although P0#1 → m; a third process may deliver
 * m before P0#1 (test/multicast pins that trace). So here each process keeps a vector clock over
 * multicasts, merged with every stamp it *receives* (the notes' vector-clock rule), and stamps its
 * multicasts with it; its delivery counts are kept apart and decide deliverability. A process
 * delivers its own multicast to itself at send time through the same hold-back mechanism (held
 * back, too, if it has received messages it has not yet delivered that the multicast depends on).
 */
import { multicast, step, type Context, type Protocol } from '../protocol.ts';
import { msgId, parseMsgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** A multicast as sent: its identity and the sender's vector timestamp. */
export interface CausalData {
  readonly type: 'DATA';
  readonly id: string;
  /** vt[j]: how many of Pj's multicasts precede this one (vt[sender] counts this one). */
  readonly vt: readonly number[];
}

export type CausalMessage = CausalData;

export interface CausalState extends HoldBack<CausalData> {
  /** Multicasts made so far. */
  readonly sent: number;
  /** Vector clock over multicasts: clock[j] = the highest multicast number of Pj this process has received (or, for itself, made). */
  readonly clock: readonly number[];
  /** deliveredFrom[j]: how many of Pj's multicasts this process has delivered (the textbook's V). */
  readonly deliveredFrom: readonly number[];
}

export interface CausalOptions extends Workload {
  /**
   * Stamp multicasts with the delivery counts, as the textbook does (default false: with the vector
   * clock merged on receipt). True is causal only for the happens-before of deliveries.
   */
  readonly stampDelivered?: boolean;
}

/** m is the next from its sender Pi: delivered[i] = V[i] − 1. */
export const nextFromSender = (s: CausalState, m: CausalData): boolean => {
  const i = parseMsgId(m.id).sender;
  return s.deliveredFrom[i] === m.vt[i] - 1;
};

/** The causal delivery condition: the next from its sender, with everything it depends on delivered (delivered[k] ≥ V[k], k ≠ i). */
export const causalOrdering: Ordering<CausalState, CausalData> = {
  deliverable: (s, m) => {
    if (!nextFromSender(s, m)) return false;
    const i = parseMsgId(m.id).sender;
    for (let k = 0; k < m.vt.length; k++) if (k !== i && s.deliveredFrom[k] < m.vt[k]) return false;
    return true;
  },
  onDeliver: (s, m) => {
    const i = parseMsgId(m.id).sender;
    return { ...s, deliveredFrom: s.deliveredFrom.map((x, j) => (j === i ? x + 1 : x)) };
  },
};

/** Causal multicast (or the textbook's delivery-count stamps), delivering through the hold-back queue by `ordering` (the causal condition). */
export function causalMulticast(options: CausalOptions, ordering: Ordering<CausalState, CausalData> = causalOrdering): Protocol<CausalState, CausalMessage> {
  const stampDelivered = options.stampDelivered ?? false;
  const name = stampDelivered ? 'causal-multicast-delivery-stamps' : 'causal-multicast';
  return {
    name,
    init: (ctx: Context) => ({ sent: 0, clock: new Array<number>(ctx.n).fill(0), deliveredFrom: new Array<number>(ctx.n).fill(0), delivered: [], held: [] }),
    actions: {
      /** Multicast: tick the own entry, stamp the message, deliver it to itself through the hold-back queue. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx),
        run: (s, ctx) => {
          const sent = s.sent + 1;
          const clock = s.clock.map((x, j) => (j === ctx.self ? sent : x));
          const vt = stampDelivered ? s.deliveredFrom.map((x, j) => (j === ctx.self ? sent : x)) : clock;
          const msg: CausalData = { type: 'DATA', id: msgId(ctx.self, sent), vt };
          return step(receive({ ...s, sent, clock }, msg, ordering), multicast(ctx, msg));
        },
      },
    },
    handlers: {
      /** Receive: merge the stamp into the clock; deliver if next from its sender with every dependency delivered, else hold back. */
      DATA: (s, msg) => step(receive({ ...s, clock: s.clock.map((x, j) => Math.max(x, msg.vt[j])) }, msg, ordering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx),
  };
}
