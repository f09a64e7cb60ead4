/**
 * Totally-ordered multicast with a sequencer, over reliable, unordered channels.
 * Lecture notes, "Total ordering": use a dedicated sequencer process; other processes ask for a
 * global sequence number (GSN) and then send with it in the packet; receivers use the FIFO ordering
 * algorithm, but on GSNs. (F. Kaashoek et al., "An efficient reliable broadcast protocol", ACM
 * OSR 23(4), 1989; Coulouris et al., "Distributed Systems", §15.4.3.)
 *
 * P0 is the sequencer and also a member: it numbers its own multicasts itself. Any other member
 * asks P0 for a GSN (REQUEST), waits for it (GRANT), and only then multicasts, so it has at most one
 * request outstanding: its multicasts get increasing GSNs and the order is FIFO-total. Every member
 * delivers in GSN order, holding back a message while an earlier GSN is missing. A process
 * delivers its own multicast to itself at send time, through the same hold-back mechanism.
 */
import { multicast, send, step, type Context, type Protocol } from '../protocol.ts';
import { msgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** The sequencer. */
export const SEQUENCER = 0;

/** A multicast as sent: its identity and its global sequence number. */
export interface SequencedData {
  readonly type: 'DATA';
  readonly id: string;
  /** The GSN the sequencer granted. */
  readonly gsn: number;
}

export type SequencerMessage =
  | SequencedData
  /** A member asks the sequencer for a GSN. */
  | { readonly type: 'REQUEST' }
  /** The sequencer's answer: the GSN to send with. */
  | { readonly type: 'GRANT'; readonly gsn: number };

export interface SequencerState extends HoldBack<SequencedData> {
  /** Multicasts made so far (sent with a GSN). */
  readonly sent: number;
  /** Asked for a GSN and not yet granted one (at most one request is outstanding). */
  readonly waiting: boolean;
  /** The sequencer's next GSN to grant (the sequencer only; 1 elsewhere). */
  readonly nextGsn: number;
  /** The GSN of the last delivered message (0 before any). */
  readonly lastGsn: number;
}

export type SequencerOptions = Workload;

/** Delivery in GSN order: a message is held back while an earlier GSN is missing. */
export const gsnOrdering: Ordering<SequencerState, SequencedData> = {
  deliverable: (s, m) => m.gsn === s.lastGsn + 1,
  onDeliver: (s, m) => ({ ...s, lastGsn: m.gsn }),
  compare: (a, b) => a.gsn - b.gsn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
};

/** The sequencer protocol, delivering through the hold-back queue by `ordering` (GSN order). */
export function totalOrderSequencer(options: SequencerOptions, ordering: Ordering<SequencerState, SequencedData> = gsnOrdering): Protocol<SequencerState, SequencerMessage> {
  /** Send with GSN `gsn`: deliver to self through the hold-back queue, netcast to the others. */
  const sendWith = (s: SequencerState, ctx: Context, gsn: number) => {
    const msg: SequencedData = { type: 'DATA', id: msgId(ctx.self, s.sent + 1), gsn };
    return step(receive({ ...s, sent: s.sent + 1 }, msg, ordering), multicast(ctx, msg));
  };
  return {
    name: 'total-order-sequencer',
    init: () => ({ sent: 0, waiting: false, nextGsn: 1, lastGsn: 0, delivered: [], held: [] }),
    actions: {
      /** Multicast: the sequencer numbers its own message; any other member asks the sequencer for a GSN. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx) && !s.waiting,
        run: (s, ctx) => {
          if (ctx.self === SEQUENCER) return sendWith({ ...s, nextGsn: s.nextGsn + 1 }, ctx, s.nextGsn);
          return step({ ...s, waiting: true }, send(SEQUENCER, { type: 'REQUEST' }));
        },
      },
    },
    handlers: {
      /** The sequencer grants the next GSN. */
      REQUEST: (s, _msg, from) => step({ ...s, nextGsn: s.nextGsn + 1 }, send(from, { type: 'GRANT', gsn: s.nextGsn })),
      /** Granted a GSN: send with it in the packet. */
      GRANT: (s, msg, _from, ctx) => sendWith({ ...s, waiting: false }, ctx, msg.gsn),
      /** Receive: deliver if its GSN is the next, then any consecutive held-back ones; else hold back. */
      DATA: (s, msg) => step(receive(s, msg, ordering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx) && !s.waiting,
  };
}
