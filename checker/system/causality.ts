/**
 * Ground-truth causality (opt-in): every event (a local action, or the delivery of a message)
 * gets a true vector timestamp, whatever clocks the protocol keeps; every message in a channel
 * carries its send event's. Each process's history (its events so far) is interned and kept in
 * the state vector, so properties can read happens-before between any two events.
 *
 * In a causal system a channel holds tags, each a (message, send timestamp) pair.
 */
import type { Send } from '../../src/protocol.ts';
import { Interner } from '../values.ts';
import { put } from './network.ts';
import type { Event } from './types.ts';

/** What causality needs to know of a step (the composer's outcome). */
export interface CausalStep<L, M> {
  /** Unique per distinct step. */
  readonly id: number;
  readonly action: string;
  /** Sends: [channel, message, channel, message, …]. */
  readonly sends: Int32Array;
  /** The local state after the step. */
  readonly after: L;
}

export interface Causality<L, M> {
  /** The empty history. */
  readonly EMPTY_HIST: number;
  /** The message of a tag. */
  msgOf(tag: number): number;
  /** The tag of message m sent at timestamp vt. */
  tagOf(m: number, vt: number): number;
  /** p's history h after step o, delivering `tag` from `from` (tag -1: a local action); the new timestamp is left in `lastVt`. */
  extend(p: number, h: number, o: CausalStep<L, M>, tag: number, from: number): number;
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
  const tagMsg: number[] = [];
  const tagVt: number[] = [];
  const tagIds = new Map<number, number>();
  const vts = new Interner<Int32Array>('vector timestamps');
  const vtId = (v: Int32Array): number => vts.internKeyed(v, v.join(','));
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
  const eventIds = new Map<string, number>();
  const hists = new Interner<Int32Array>('histories');
  const histLastVt: (number | undefined)[] = [];
  const histExtend: (Map<number, number> | undefined)[] = [];
  const EMPTY_HIST = hists.internKeyed(new Int32Array(0), '');
  histLastVt[EMPTY_HIST] = VT0;
  const histLists: (readonly Event<L, M>[] | undefined)[] = [];

  /** The event p takes in step `o` at time vt (tag: the message delivered, or -1 for a local action). */
  const eventOf = (p: number, index: number, o: CausalStep<L, M>, vt: number, tag: number, from: number): number => {
    const k = `${p},${index},${o.id},${vt},${tag}`;
    let id = eventIds.get(k);
    if (id === undefined) {
      const sent: Send<M>[] = [];
      for (let i = 0; i < o.sends.length; i += 2) sent.push({ to: chanTo[o.sends[i]], msg: msgs.values[o.sends[i + 1]] });
      const ev: Event<L, M> = {
        p,
        index,
        kind: tag < 0 ? 'local' : 'receive',
        action: o.action,
        vt: vtArray(vt),
        state: o.after,
        ...(tag >= 0 ? { received: { from, msg: msgs.values[tagMsg[tag]], sentAt: vtArray(tagVt[tag]) } } : {}),
        sent,
      };
      id = events.internKeyed(ev, k);
      eventIds.set(k, id);
    }
    return id;
  };
  const self: Causality<L, M> = {
    EMPTY_HIST,
    lastVt: VT0,
    msgOf: (tag) => tagMsg[tag],
    tagOf(m, vt) {
      const k = m * 0x1000000 + vt;
      let t = tagIds.get(k);
      if (t === undefined) {
        t = tagMsg.length;
        tagMsg.push(m);
        tagVt.push(vt);
        tagIds.set(k, t);
      }
      return t;
    },
    extend(p, h, o, tag, from) {
      const last = histLastVt[h] as number;
      const vt = tag < 0 ? tick(p, last) : tickReceive(p, last, tagVt[tag]);
      (self as { lastVt: number }).lastVt = vt;
      const ev = eventOf(p, hists.values[h].length, o, vt, tag, from);
      let m = histExtend[h];
      if (m === undefined) m = put(histExtend, h, new Map());
      let r = m.get(ev);
      if (r === undefined) {
        const old = hists.values[h];
        const a = new Int32Array(old.length + 1);
        a.set(old);
        a[old.length] = ev;
        r = hists.internKeyed(a, a.join(','));
        put(histLastVt, r, vt);
        m.set(ev, r);
      }
      return r;
    },
    latestVt: (h) => vtArray(histLastVt[h] as number),
    sentAt: (tag) => vtArray(tagVt[tag]),
    events(h) {
      let r = histLists[h];
      if (r === undefined) r = put(histLists, h, Object.freeze(Array.from(hists.values[h], (e) => events.values[e])));
      return r;
    },
    stats: () => ({ events: events.size, vectorTimestamps: vts.size }),
  };
  return self;
}
