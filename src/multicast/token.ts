/**
 * Totally-ordered multicast with a circulating token, over reliable, unordered channels.
 * Lecture notes, "Total ordering": a 'can send' token is passed round-robin between processes; only
 * the process with the token can send (if it wants). The token carries the next sequence number,
 * so every multicast gets a global sequence number and receivers deliver in that order (the FIFO
 * algorithm on GSNs). (J.-M. Chang and N. F. Maxemchuk, "Reliable broadcast protocols", ACM TOCS
 * 2(3), 1984, for a token-site protocol.)
 *
 * The token starts at P0 and goes P0 → P1 → … → Pn-1 → P0. Its holder multicasts (each
 * multicast takes the token's number, which then advances) and passes it on. A bounded model must
 * let runs end, so a holder that still has something to send sends at least once before passing
 * (it may send more, or keep the rest for a later turn), and the token counts how many holders in a
 * row had nothing left to send: once all n have nothing left it is retired (kept by its holder,
 * passed no more). So the token makes finitely many passes, and runs end (also with the engine's
 * event histories, which a token circling for ever would make infinite). A process delivers
 * its own multicast to itself at send time through the same hold-back mechanism (held back while
 * messages numbered earlier by previous holders are still on their way).
 */
import { multicast, send, step, type Context, type Protocol } from '../protocol.ts';
import { msgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** A multicast as sent: its identity and the sequence number the token gave it. */
export interface TokenData {
  readonly type: 'DATA';
  readonly id: string;
  readonly gsn: number;
}

/** The token as passed on. */
export interface Token {
  readonly type: 'TOKEN';
  /** The next sequence number. */
  readonly next: number;
  /** How many holders in a row had nothing left to send when they passed it. */
  readonly idle: number;
}

export type TokenMessage = TokenData | Token;

/** The token as held. */
export interface Held {
  /** The next sequence number. */
  readonly next: number;
  /** How many holders in a row before this one had nothing left to send when they passed it. */
  readonly idle: number;
  /** This holder has multicast during this turn. */
  readonly sentThisTurn: boolean;
}

export interface TokenState extends HoldBack<TokenData> {
  /** Multicasts made so far. */
  readonly sent: number;
  /** The token, while this process holds it (null otherwise), and whether this process has sent in this turn. */
  readonly token: Held | null;
  /** The token was retired here: every process had nothing left to send. */
  readonly retired: boolean;
  /** The sequence number of the last delivered message (0 before any). */
  readonly lastGsn: number;
}

export type TokenOptions = Workload;

/** Delivery in sequence-number order. */
export const tokenOrdering: Ordering<TokenState, TokenData> = {
  deliverable: (s, m) => m.gsn === s.lastGsn + 1,
  onDeliver: (s, m) => ({ ...s, lastGsn: m.gsn }),
  compare: (a, b) => a.gsn - b.gsn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
};

/** The highest sequence number among the messages a process has delivered or holds back. */
export function highestReceived(s: TokenState): number {
  let h = s.lastGsn;
  for (const m of s.held) if (m.gsn > h) h = m.gsn;
  return h;
}

/** Send with number `gsn`: deliver to self through the hold-back queue, netcast to the others. */
export function sendWith(s: TokenState, ctx: Context, gsn: number) {
  const msg: TokenData = { type: 'DATA', id: msgId(ctx.self, s.sent + 1), gsn };
  return step<TokenState, TokenMessage>(receive({ ...s, sent: s.sent + 1 }, msg, tokenOrdering), multicast(ctx, msg));
}

/** The token protocol. */
export function totalOrderToken(options: TokenOptions): Protocol<TokenState, TokenMessage> {
  return {
    name: 'total-order-token',
    init: (ctx) => ({ sent: 0, token: ctx.self === 0 ? { next: 1, idle: 0, sentThisTurn: false } : null, retired: false, lastGsn: 0, delivered: [], held: [] }),
    actions: {
      /** The holder multicasts with the token's number; the token's number advances. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx) && s.token !== null,
        run: (s, ctx) => {
          const t = s.token as Held;
          return sendWith({ ...s, token: { ...t, next: t.next + 1, sentThisTurn: true } }, ctx, t.next);
        },
      },
      /** Pass the token to the next process round the ring, having sent if there was anything to send (or retire it when no one has anything left). */
      passToken: {
        guard: (s, ctx) => s.token !== null && (s.token.sentThisTurn || s.sent === quota(options, ctx)),
        run: (s, ctx) => {
          const t = s.token as Held;
          const idle = s.sent === quota(options, ctx) ? t.idle + 1 : 0;
          if (idle === ctx.n) return step({ ...s, token: null, retired: true });
          return step({ ...s, token: null }, send((ctx.self + 1) % ctx.n, { type: 'TOKEN', next: t.next, idle }));
        },
      },
    },
    handlers: {
      /** Take the token. */
      TOKEN: (s, msg) => step({ ...s, token: { next: msg.next, idle: msg.idle, sentThisTurn: false } }),
      /** Receive: deliver if its number is the next, then any consecutive held-back ones; else hold back. */
      DATA: (s, msg) => step(receive(s, msg, tokenOrdering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx) && s.token === null,
  };
}
