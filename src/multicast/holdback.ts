/**
 * Receiving versus delivering, once for every ordering protocol.
 * Lecture notes, "Receiving versus delivering": received messages are either delivered (inserted
 * into the delivery queue) or held back (inserted into the hold-back queue); held-back messages
 * are delivered later, as the result of the receipt of another message.
 * Also G. Coulouris et al., "Distributed Systems: Concepts and Design", §15.4 (hold-back queue).
 *
 * Every protocol of the family keeps its delivery log and hold-back queue in these two fields and
 * hands the mechanism its delivery condition (`deliverable`) and its bookkeeping on delivery
 * (`onDeliver`). The mechanism is pure: it returns new states and mutates nothing.
 *
 * Canonical form: the hold-back queue is kept sorted (by message identity unless the protocol
 * gives another total order), so two processes that hold back the same messages have equal data,
 * and the order in which messages arrived leaves no trace in the state.
 */
import type { Context, Handlers, LocalAction, Protocol, Step } from '../protocol.ts';

/**
 * The identity of a multicast: its original sender and that sender's own number for it (1, 2, …),
 * written `P<sender>#<number>` (e.g. `P0#2`, P0's second multicast) so traces read as the notes do.
 */
export type MsgId = string;

/** `P<sender>#<seq>`. */
export function msgId(sender: number, seq: number): MsgId {
  return `P${sender}#${seq}`;
}

const parsed = new Map<string, { readonly sender: number; readonly seq: number }>();

/** The sender and per-sender number of an identity made by `msgId`. */
export function parseMsgId(id: MsgId): { readonly sender: number; readonly seq: number } {
  let r = parsed.get(id);
  if (r === undefined) {
    const m = /^P(\d+)#(\d+)$/.exec(id);
    if (!m) throw new RangeError(`not a multicast identity (expected P<sender>#<number>): ${JSON.stringify(id)}`);
    r = Object.freeze({ sender: Number(m[1]), seq: Number(m[2]) });
    parsed.set(id, r);
  }
  return r;
}

/** Every message that can be held back names the multicast it carries. */
export interface Carrier {
  /** The multicast's identity (sender, per-sender number). */
  readonly id: MsgId;
}

/** The two fields the mechanism owns in a process's state. */
export interface HoldBack<H extends Carrier> {
  /** The delivery log: identities of the delivered multicasts, in delivery order. */
  readonly delivered: readonly MsgId[];
  /** The hold-back queue: received, not yet delivered; in canonical order (see `Ordering.compare`). */
  readonly held: readonly H[];
}

/** What an ordering protocol tells the mechanism. */
export interface Ordering<S, H extends Carrier> {
  /** The delivery condition: may `msg` be delivered in `state` (msg is not in `state.held`)? */
  readonly deliverable: (state: S, msg: H) => boolean;
  /** The protocol's bookkeeping on delivery (e.g. advance the expected number); the log entry is appended by the mechanism. */
  readonly onDeliver?: (state: S, msg: H) => S;
  /** Canonical total order of the hold-back queue; the first deliverable message in this order is delivered first. Default: by identity. */
  readonly compare?: (a: H, b: H) => number;
}

/** By identity: sender, then per-sender number. */
export function byId(a: Carrier, b: Carrier): number {
  const x = parseMsgId(a.id);
  const y = parseMsgId(b.id);
  return x.sender - y.sender || x.seq - y.seq;
}

/** `held` with `msg` inserted in canonical order (a message whose identity is already held is not held twice). */
export function insertHeld<H extends Carrier>(held: readonly H[], msg: H, compare: (a: H, b: H) => number = byId): readonly H[] {
  if (held.some((h) => h.id === msg.id)) return held;
  let i = 0;
  while (i < held.length && compare(held[i], msg) < 0) i++;
  return [...held.slice(0, i), msg, ...held.slice(i)];
}

/** Delivers `msg`: the protocol's bookkeeping, then the log entry. */
export function deliverOne<S extends HoldBack<H>, H extends Carrier>(state: S, msg: H, ordering: Ordering<S, H>): S {
  const s = ordering.onDeliver ? ordering.onDeliver(state, msg) : state;
  return { ...s, delivered: [...s.delivered, msg.id] };
}

/**
 * Delivers held-back messages as long as one is deliverable, always the first deliverable one in
 * canonical order, so a message that becomes deliverable by another's delivery follows at once.
 */
export function flush<S extends HoldBack<H>, H extends Carrier>(state: S, ordering: Ordering<S, H>): S {
  let s = state;
  for (;;) {
    const i = s.held.findIndex((m) => ordering.deliverable(s, m));
    if (i < 0) return s;
    const msg = s.held[i];
    s = { ...s, held: [...s.held.slice(0, i), ...s.held.slice(i + 1)] };
    s = deliverOne(s, msg, ordering);
  }
}

/**
 * Receipt of `msg`: deliver it if its condition holds (and then every held-back message that this
 * makes deliverable), else hold it back. The one entry point every protocol of the family uses,
 * also for a process's own multicast (delivered to itself at send time through this same path).
 */
export function receive<S extends HoldBack<H>, H extends Carrier>(state: S, msg: H, ordering: Ordering<S, H>): S {
  if (ordering.deliverable(state, msg)) return flush(deliverOne(state, msg, ordering), ordering);
  return { ...state, held: insertHeld(state.held, msg, ordering.compare) };
}

/** The number of messages from `sender` in a delivery log. */
export function deliveredFrom(log: readonly MsgId[], sender: number): number {
  let k = 0;
  for (const id of log) if (parseMsgId(id).sender === sender) k++;
  return k;
}

/** What every protocol of the family keeps: the hold-back fields and its count of multicasts made. */
export type Multicaster = HoldBack<Carrier> & { readonly sent: number };

/**
 * The protocol with every step declaring what it means to the application (`Step.multicasts`,
 * `Step.deliver`): the multicasts it made (its `sent` count went up: `P<self>#k`, the application's
 * multicast event) and the messages it delivered (appended to its delivery log), in that order.
 * Receiving a message into the hold-back queue declares nothing: it is not an application event.
 * Every protocol of the family is wrapped in this, once, where it is made.
 */
export function declaringDeliveries<L extends Multicaster, M extends { readonly type: string }>(protocol: Protocol<L, M>): Protocol<L, M> {
  const declare = (before: L, r: Step<L, M>, self: number): Step<L, M> => {
    const after = r.state;
    const multicasts: MsgId[] = [];
    for (let k = before.sent + 1; k <= after.sent; k++) multicasts.push(msgId(self, k));
    const deliver = after.delivered.length > before.delivered.length ? after.delivered.slice(before.delivered.length) : [];
    if (!multicasts.length && !deliver.length) return r;
    return { ...r, ...(multicasts.length ? { multicasts } : {}), ...(deliver.length ? { deliver } : {}) };
  };
  const actions: Record<string, LocalAction<L, M>> = {};
  for (const [name, a] of Object.entries(protocol.actions)) actions[name] = { guard: a.guard, run: (s, ctx) => declare(s, a.run(s, ctx), ctx.self) };
  const handlers: Record<string, (s: L, msg: M, from: number, ctx: Context) => Step<L, M>> = {};
  for (const [type, h] of Object.entries(protocol.handlers as unknown as Record<string, (s: L, msg: M, from: number, ctx: Context) => Step<L, M>>)) {
    handlers[type] = (s, msg, from, ctx) => declare(s, h(s, msg, from, ctx), ctx.self);
  }
  return { ...protocol, actions, handlers: handlers as unknown as Handlers<L, M> };
}
