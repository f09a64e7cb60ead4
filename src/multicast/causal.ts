/**
 * Causally-ordered multicast with vector timestamps over reliable, unordered channels.
 * Lecture notes, "Causal ordering" and "Implementing causal ordering": start with the receive
 * algorithm for FIFO multicast and replace sequence numbers with vector clocks; hold back m2 until
 * the missing events it has seen are delivered ("(0,0,0) != (1,0,2), so must hold back m2").
 * K. Birman, A. Schiper, P. Stephenson, "Lightweight causal and atomic group multicast", ACM TOCS
 * 9(3), 1991 (CBCAST); Coulouris et al., "Distributed Systems", §15.4.3, Figure 15.15.
 *
 * Each process keeps V, its delivery counts: V[j] = how many of Pj's multicasts it has delivered
 * (its own included: a process delivers its own multicast to itself at send time). A multicast is
 * stamped with V after counting itself, so vt[i] is its number among Pi's multicasts and vt[k]
 * (k ≠ i) how many of Pk's multicasts Pi had delivered when it multicast. A message m from Pi
 * carrying vt is delivered at Pj once it is the next from Pi (V[i] = vt[i] − 1) and everything it
 * depends on has been delivered (V[k] ≥ vt[k] for every k ≠ i); until then it is held back.
 *
 * This is causal for the notes' happens-before over multicast and deliver events: receiving a
 * message into the hold-back queue orders nothing (the checker's application-level ground truth,
 * checker/delivery.ts). Under the network-level happens-before, where a receipt already orders
 * what follows it, it is not: a process that has received P0#2, held back (P0#1 is missing), and
 * then multicasts m gives m no dependency on P0's multicasts, although P0#1 → m through that
 * receipt (test/multicast pins that trace).
 */
import { multicast, step, type Context, type Protocol } from '../protocol.ts';
import { msgId, parseMsgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** A multicast as sent: its identity and the sender's vector timestamp. */
export interface CausalData {
  readonly type: 'DATA';
  readonly id: string;
  /** vt[j]: how many of Pj's multicasts the sender had delivered when it multicast (vt[sender] counts this one). */
  readonly vt: readonly number[];
}

export type CausalMessage = CausalData;

export interface CausalState extends HoldBack<CausalData> {
  /** Multicasts made so far. */
  readonly sent: number;
  /** deliveredFrom[j]: how many of Pj's multicasts this process has delivered (its vector clock, V in the comments here). */
  readonly deliveredFrom: readonly number[];
}

export type CausalOptions = Workload;

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

/** Causal multicast, delivering through the hold-back queue by `ordering` (the causal condition). */
export function causalMulticast(options: CausalOptions, ordering: Ordering<CausalState, CausalData> = causalOrdering): Protocol<CausalState, CausalMessage> {
  return {
    name: 'causal-multicast',
    init: (ctx: Context) => ({ sent: 0, deliveredFrom: new Array<number>(ctx.n).fill(0), delivered: [], held: [] }),
    actions: {
      /** Multicast: stamp the message with the delivery counts (own entry: this multicast's number), deliver it to itself through the hold-back queue. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx),
        run: (s, ctx) => {
          const sent = s.sent + 1;
          const vt = s.deliveredFrom.map((x, j) => (j === ctx.self ? sent : x));
          const msg: CausalData = { type: 'DATA', id: msgId(ctx.self, sent), vt };
          return step(receive({ ...s, sent }, msg, ordering), multicast(ctx, msg));
        },
      },
    },
    handlers: {
      /** Receive: deliver if next from its sender with every dependency delivered, else hold back. */
      DATA: (s, msg) => step(receive(s, msg, ordering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx),
  };
}
