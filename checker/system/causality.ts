/**
 * Ground-truth causality (opt-in): every event (a local action, or the delivery of a message)
 * gets a true vector timestamp, whatever clocks the protocol keeps; every message in a channel
 * carries its send event's. Each process's history (its events so far) is interned and kept in
 * the state vector, so properties can read happens-before between any two events.
 *
 * In a causal system a channel holds tags, each a (message, send timestamp) pair.
 *
 * Every number this module puts in a state (tags, histories) or in a key is one the threads of a
 * parallel search agree on (checker/parallel/interning.ts): tags, timestamps, events and histories
 * are shared interners' numbers, and an event's key names its step by the numbers of its local
 * state and message (or its action's name), not by the per-thread number of the step. What is kept
 * per number beside the interned value (a history's last timestamp, its application clocks; a
 * tag's message and time) is a cache: a thread that meets a number another thread made computes it
 * from the interned value (a history's events hold their timestamps and application events).
 */
import type { Send } from '../../src/protocol.ts';
import { ApplicationOrder, type AppDecl, type AppStep } from '../delivery.ts';
import { Interner } from '../values.ts';
import { put } from './network.ts';
import type { Event } from './types.ts';

/** What causality needs to know of a step (the composer's outcome). */
export interface CausalStep<L, M> {
  /** Unique per distinct step, in this thread (a memo key only). */
  readonly id: number;
  readonly action: string;
  /** The local state before (its shared number), and for a delivery the sender and message's number (-1: a local action). */
  readonly prev: number;
  readonly from: number;
  readonly msg: number;
  /** Sends: [channel, message, channel, message, …]. */
  readonly sends: Int32Array;
  /** The local state after the step. */
  readonly after: L;
  /** What the step declared to the application (multicasts, deliveries). */
  readonly app: AppDecl;
}

export interface Causality<L, M> {
  /** The empty history. */
  readonly EMPTY_HIST: number;
  /** The message of a tag. */
  msgOf(tag: number): number;
  /** The tag of message m sent at timestamp vt. */
  tagOf(m: number, vt: number): number;
  /**
   * p's history h after step o, delivering `tag` from `from` (tag -1: a local action); the new
   * timestamp is left in `lastVt`. `historyOf(q)` gives every process's current history, where the
   * multicasts the step delivers are looked up (the application-level order, checker/delivery.ts).
   */
  extend(p: number, h: number, o: CausalStep<L, M>, tag: number, from: number, historyOf: (q: number) => number): number;
  /** The timestamp of the step `extend` computed last. */
  readonly lastVt: number;
  /** The timestamp of p's latest event in history h. */
  latestVt(h: number): readonly number[];
  /** The timestamp of a tag's send, as an array. */
  sentAt(tag: number): readonly number[];
  /** History h as events, oldest first. */
  events(h: number): readonly Event<L, M>[];
  stats(): Record<string, number>;
}

export function causality<L, M>(n: number, msgs: { readonly values: readonly M[] }, chanTo: Int32Array): Causality<L, M> {
  /** Tags: [message, send timestamp], keyed by both numbers. */
  const tags = new Interner<Int32Array>('tags');
  /** Caches of tags' parts and numbers (this thread's: filled from `tags` on a miss). */
  const tagMsg: (number | undefined)[] = [];
  const tagVt: (number | undefined)[] = [];
  const tagIds = new Map<number, number>();
  const tagMiss = (tag: number): number => {
    const t = tags.values[tag];
    put(tagVt, tag, t[1]);
    return put(tagMsg, tag, t[0]);
  };
  const msgOfTag = (tag: number): number => {
    const r = tagMsg[tag];
    return r !== undefined ? r : tagMiss(tag);
  };
  const vtOfTag = (tag: number): number => {
    const r = tagVt[tag];
    if (r !== undefined) return r;
    tagMiss(tag);
    return tagVt[tag] as number;
  };
  const vts = new Interner<Int32Array>('vector timestamps');
  const vtId = (v: Int32Array | readonly number[]): number => vts.internKeyed(v instanceof Int32Array ? v : Int32Array.from(v), v.join(','));
  const VT0 = vtId(new Int32Array(n));
  const tickMemo: (number | undefined)[][] = Array.from({ length: n }, () => []);
  const receiveMemo: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  /** Local event or send at p: own entry + 1. */
  const tick = (p: number, cur: number): number => {
    let r = tickMemo[p][cur];
    if (r === undefined) {
      const v = vts.values[cur].slice();
      v[p]++;
      r = put(tickMemo[p], cur, vtId(v));
    }
    return r;
  };
  /** Receive at p of a message sent at `sent`: element-wise max, then own entry + 1. */
  const tickReceive = (p: number, cur: number, sent: number): number => {
    const k = cur * 0x1000000 + sent;
    let r = receiveMemo[p].get(k);
    if (r === undefined) {
      const a = vts.values[cur];
      const b = vts.values[sent];
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = a[i] > b[i] ? a[i] : b[i];
      v[p]++;
      receiveMemo[p].set(k, (r = vtId(v)));
    }
    return r;
  };
  const vtArray = (id: number): readonly number[] => Object.freeze(Array.from(vts.values[id]));
  const events = new Interner<Event<L, M>>('events');
  /** This thread's memo of events by its own step numbers (the events' keys are canonical). */
  const eventIds = new Map<string, number>();
  const hists = new Interner<Int32Array>('histories');
  /** Caches by history: the timestamp of its last event, its successors by event, its events (filled on a miss). */
  const histLastVt: (number | undefined)[] = [];
  const histExtend: (Map<number, number> | undefined)[] = [];
  const histLists: (readonly Event<L, M>[] | undefined)[] = [];
  const EMPTY_HIST = hists.internKeyed(new Int32Array(0), '');
  histLastVt[EMPTY_HIST] = VT0;
  const eventsOf = (h: number): readonly Event<L, M>[] => {
    let r = histLists[h];
    if (r === undefined) r = put(histLists, h, Object.freeze(Array.from(hists.values[h], (e) => events.values[e])));
    return r;
  };
  const lastVtMiss = (h: number): number => {
    const es = hists.values[h];
    return put(histLastVt, h, es.length === 0 ? VT0 : vtId(events.values[es[es.length - 1]].vt));
  };
  const lastVtOf = (h: number): number => {
    const r = histLastVt[h];
    return r !== undefined ? r : lastVtMiss(h);
  };
  const appOrder = new ApplicationOrder(n, eventsOf);
  appOrder.start(EMPTY_HIST);

  /** The event p takes in step `o` at time vt (tag: the message delivered, or -1 for a local action). */
  const eventOf = (p: number, index: number, o: CausalStep<L, M>, vt: number, tag: number, from: number, app: AppStep): number => {
    const k = app.key === '' ? `${p},${index},${o.id},${vt},${tag}` : `${p},${index},${o.id},${vt},${tag};${app.key}`;
    const id = eventIds.get(k);
    return id !== undefined ? id : eventMiss(k, p, index, o, vt, tag, from, app);
  };
  const eventMiss = (k: string, p: number, index: number, o: CausalStep<L, M>, vt: number, tag: number, from: number, app: AppStep): number => {
    const sent: Send<M>[] = [];
    for (let i = 0; i < o.sends.length; i += 2) sent.push({ to: chanTo[o.sends[i]], msg: msgs.values[o.sends[i + 1]] });
    const ev: Event<L, M> = {
      p,
      index,
      kind: tag < 0 ? 'local' : 'receive',
      action: o.action,
      vt: vtArray(vt),
      state: o.after,
      ...(tag >= 0 ? { received: { from, msg: msgs.values[msgOfTag(tag)], sentAt: vtArray(vtOfTag(tag)) } } : {}),
      sent,
      app: app.events,
    };
    // The step by what it is made of (numbers every thread agrees on), not by this thread's o.id.
    const step = o.msg < 0 ? `.${o.action}` : `<${o.from}.${o.msg}`;
    const canonical = `${p},${index},${o.prev}${step},${vt},${tag}${app.key === '' ? '' : `;${app.key}`}`;
    const id = events.internKeyed(ev, canonical);
    eventIds.set(k, id);
    return id;
  };
  const self: Causality<L, M> = {
    EMPTY_HIST,
    lastVt: VT0,
    msgOf: msgOfTag,
    tagOf(m, vt) {
      const k = m * 0x1000000 + vt;
      let t = tagIds.get(k);
      if (t === undefined) {
        t = tags.internKeyed(Int32Array.of(m, vt), `${m},${vt}`);
        put(tagMsg, t, m);
        put(tagVt, t, vt);
        tagIds.set(k, t);
      }
      return t;
    },
    extend(p, h, o, tag, from, historyOf) {
      const last = lastVtOf(h);
      const vt = tag < 0 ? tick(p, last) : tickReceive(p, last, vtOfTag(tag));
      (self as { lastVt: number }).lastVt = vt;
      const app = appOrder.next(p, h, o.app, tag < 0, historyOf);
      const ev = eventOf(p, hists.values[h].length, o, vt, tag, from, app);
      let m = histExtend[h];
      if (m === undefined) m = put(histExtend, h, new Map());
      let r = m.get(ev);
      if (r === undefined) {
        const old = hists.values[h];
        const a = new Int32Array(old.length + 1);
        a.set(old);
        a[old.length] = ev;
        r = hists.internKeyed(a, a.join(','));
        if (histLastVt[r] === undefined) put(histLastVt, r, vt);
        appOrder.extend(h, r, app.events);
        m.set(ev, r);
      }
      return r;
    },
    latestVt: (h) => vtArray(lastVtOf(h)),
    sentAt: (tag) => vtArray(vtOfTag(tag)),
    events: eventsOf,
    stats: () => ({ events: events.size, vectorTimestamps: vts.size }),
  };
  return self;
}
