/**
 * FIFO-ordered multicast over reliable, unordered channels.
 * Lecture notes, "Implementing FIFO ordering": each process Pi keeps a sequence number Si, included
 * in every message it sends and incremented after each send; Pj keeps Sji, the SeqNo of the last
 * message it delivered from Pi. (Here a message carries its number among Pi's messages, 1, 2, …,
 * and Sji starts at 0: the notes' scheme with Si starting at 1.) A message from Pi with SeqNo ≠ Sji+1 is held back; one with
 * SeqNo = Sji+1 is delivered, then any consecutive held-back messages, updating Sji.
 * (Coulouris et al., "Distributed Systems", §15.4.3, FO-multicast.)
 *
 * Multicast is a netcast (one DATA to each other process). A process delivers its own multicast
 * to itself at send time, through the same hold-back mechanism (it is always the next expected).
 */
import { multicast, step, type Context, type Protocol } from '../protocol.ts';
import { msgId, parseMsgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** A multicast as sent: its identity and the sender's sequence number Si. */
export interface FifoData {
  readonly type: 'DATA';
  readonly id: string;
  /** Si at the send: 1 for the sender's first multicast, 2 for its second, … */
  readonly seq: number;
}

export type FifoMessage = FifoData;

export interface FifoState extends HoldBack<FifoData> {
  /** Si: the SeqNo of this process's latest multicast (so, how many it has made). */
  readonly sent: number;
  /** Sji: last[j] is the SeqNo of the last message delivered from Pj. */
  readonly last: readonly number[];
}

export type FifoOptions = Workload;

const senderOf = (m: FifoData): number => parseMsgId(m.id).sender;

/** The FIFO delivery condition: SeqNo = Sji+1. */
export const fifoOrdering: Ordering<FifoState, FifoData> = {
  deliverable: (s, m) => m.seq === s.last[senderOf(m)] + 1,
  onDeliver: (s, m) => ({ ...s, last: s.last.map((x, j) => (j === senderOf(m) ? m.seq : x)) }),
};

/** FIFO multicast, delivering through the hold-back queue by `ordering` (FIFO's condition). */
export function fifoMulticast(options: FifoOptions, ordering: Ordering<FifoState, FifoData> = fifoOrdering): Protocol<FifoState, FifoMessage> {
  return {
    name: 'fifo-multicast',
    init: (ctx: Context) => ({ sent: 0, last: new Array<number>(ctx.n).fill(0), delivered: [], held: [] }),
    actions: {
      /** Multicast the next message with SeqNo Si+1, delivering it to itself at once. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx),
        run: (s, ctx) => {
          const msg: FifoData = { type: 'DATA', id: msgId(ctx.self, s.sent + 1), seq: s.sent + 1 };
          return step(receive({ ...s, sent: msg.seq }, msg, ordering), multicast(ctx, msg));
        },
      },
    },
    handlers: {
      /** Receive: deliver if SeqNo = Sji+1 (then any consecutive held-back ones), else hold back. */
      DATA: (s, msg) => step(receive(s, msg, ordering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx),
  };
}
