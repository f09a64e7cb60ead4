/**
 * FIFO multicast over a lossy network: acknowledgements and retransmission.
 * Lecture notes, "Implementing FIFO ordering" (per-sender sequence numbers, hold back until the
 * next expected; a retransmission keeps its number: "not including retransmissions!"). The notes
 * assume reliable delivery; over a lossy network a lost message must be sent again, which is this
 * protocol's addition (Coulouris et al., §15.2.2, reliable multicast): each receiver acknowledges, after
 * every DATA it receives, the last SeqNo it delivered from that sender (a cumulative ack, resent
 * for duplicates); a sender keeps, per receiver, the highest SeqNo acknowledged, and while some
 * receiver lags it may retransmit to it the first message not yet acknowledged. Retransmission
 * is the sender's own step, weakly fair (it stays enabled until the ack arrives); the network's
 * deliveries are strongly fair (a message sent again and again is eventually delivered).
 */
import { multicast, send, step, type Context, type Protocol } from '../protocol.ts';
import { msgId, parseMsgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

export interface RDataMessage {
  readonly type: 'DATA';
  readonly id: string;
  readonly seq: number;
}
export interface RAckMessage {
  readonly type: 'ACK';
  /** The last SeqNo delivered from the receiver of this ack (cumulative). */
  readonly upTo: number;
}
export type RFifoMessage = RDataMessage | RAckMessage;

export interface RFifoState extends HoldBack<RDataMessage> {
  /** Si: how many multicasts this process has made. */
  readonly sent: number;
  /** Sji: last[j] is the SeqNo of the last message delivered from Pj. */
  readonly last: readonly number[];
  /** acked[j]: the highest SeqNo of this process's multicasts that Pj has acknowledged. */
  readonly acked: readonly number[];
}

const senderOf = (m: RDataMessage): number => parseMsgId(m.id).sender;

const ordering: Ordering<RFifoState, RDataMessage> = {
  deliverable: (s, m) => m.seq === s.last[senderOf(m)] + 1,
  onDeliver: (s, m) => ({ ...s, last: s.last.map((x, j) => (j === senderOf(m) ? m.seq : x)) }),
};

const dataOf = (sender: number, seq: number): RDataMessage => ({ type: 'DATA', id: msgId(sender, seq), seq });

/** Some other process has not acknowledged all of this process's multicasts. */
const lagging = (s: RFifoState, ctx: Context): number[] => ctx.others.filter((j) => s.acked[j] < s.sent);

export function reliableFifoMulticast(options: Workload): Protocol<RFifoState, RFifoMessage> {
  return {
    name: 'fifo-multicast-lossy',
    init: (ctx) => ({ sent: 0, last: new Array<number>(ctx.n).fill(0), acked: new Array<number>(ctx.n).fill(0), delivered: [], held: [] }),
    actions: {
      /** Multicast the next message with SeqNo Si+1, delivering it to itself at once. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx),
        run: (s, ctx) => {
          const msg = dataOf(ctx.self, s.sent + 1);
          return step(receive({ ...s, sent: msg.seq }, msg, ordering), multicast(ctx, msg));
        },
      },
      /** A receiver lags: send it again the first multicast it has not acknowledged. */
      retransmit: {
        guard: (s, ctx) => lagging(s, ctx).length > 0,
        run: (s, ctx) => step(s, lagging(s, ctx).map((j) => send(j, dataOf(ctx.self, s.acked[j] + 1)))),
      },
    },
    handlers: {
      /** Receive (deliver, hold back, or ignore a duplicate), then acknowledge what is delivered from the sender. */
      DATA: (s, msg, from) => {
        const known = msg.seq <= s.last[from] || s.held.some((h) => h.id === msg.id);
        const next = known ? s : receive(s, msg, ordering);
        return step(next, send(from, { type: 'ACK', upTo: next.last[from] }));
      },
      /** An acknowledgement: remember the highest. */
      ACK: (s, msg, from) => (msg.upTo > s.acked[from] ? step({ ...s, acked: s.acked.map((x, j) => (j === from ? msg.upTo : x)) }) : step(s)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx) && lagging(s, ctx).length === 0,
  };
}
