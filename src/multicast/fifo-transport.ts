/**
 * FIFO multicast by the transport: every message is delivered on receipt, with no sequence number
 * and no hold-back queue. Lecture notes, "Stronger orderings": "Can also implement FIFO ordering
 * by just using a reliable FIFO transport like TCP/IP". Correct only over reliable FIFO channels
 * (as TCP gives between two hosts): over channels that reorder, the same protocol delivers a
 * sender's second message before its first (`fifo-multicast-tcp-reordering` in models/).
 *
 * Multicast is a netcast (one DATA to each other process); a process delivers its own multicast
 * to itself at send time.
 */
import { multicast, step, type Protocol } from '../protocol.ts';
import { msgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

export interface TransportData {
  readonly type: 'DATA';
  readonly id: string;
}

export interface TransportState extends HoldBack<TransportData> {
  /** How many multicasts this process has made. */
  readonly sent: number;
}

/** Deliver on receipt: the channel's order is the delivery order (nothing is ever held back). */
export const transportOrdering: Ordering<TransportState, TransportData> = { deliverable: () => true };

export function fifoByTransport(options: Workload): Protocol<TransportState, TransportData> {
  return {
    name: 'fifo-multicast-by-transport',
    init: () => ({ sent: 0, delivered: [], held: [] }),
    actions: {
      /** Multicast the next message, delivering it to itself at once. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx),
        run: (s, ctx) => {
          const msg: TransportData = { type: 'DATA', id: msgId(ctx.self, s.sent + 1) };
          return step(receive({ ...s, sent: s.sent + 1 }, msg, transportOrdering), multicast(ctx, msg));
        },
      },
    },
    handlers: {
      /** Receive: deliver at once; the FIFO channel has kept the sender's order. */
      DATA: (s, msg) => step(receive(s, msg, transportOrdering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx),
  };
}
