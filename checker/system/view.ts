/**
 * What properties and traces see of a state vector: the global state (`GlobalState`, one shared
 * object refilled in place) and a fresh plain-data copy for traces
 * ({ P0: local, …, 'P0→P1': [messages], …, ghost fields }).
 */
import type { Message } from '../../src/protocol.ts';
import { keyOf } from '../values.ts';
import type { Causality } from './causality.ts';
import type { Faults } from './faults.ts';
import { put, type Channels } from './network.ts';
import type { Observers } from './observers.ts';
import type { Proc, Steps } from './steps.ts';
import type { Event, GlobalState } from './types.ts';

export interface ViewParts<L, M extends Message> {
  readonly n: number;
  readonly C: number;
  readonly HIST: number;
  readonly OBS: number;
  readonly CHAN: number;
  readonly width: number;
  readonly causal: boolean;
  readonly roles: readonly string[];
  readonly peers: Readonly<Record<string, readonly number[]>>;
  readonly procs: readonly Proc<L, M>[];
  readonly chanFrom: Int32Array;
  readonly chanTo: Int32Array;
  readonly local: Steps<L, M>;
  readonly net: Channels;
  readonly cause: Causality<L, M>;
  readonly obs: Observers<L, M>;
  readonly faults: Faults;
  readonly msgOfEntry: (e: number) => number;
}

export interface Views<L, M> {
  /** Fills the shared view with v (properties must not keep it). */
  fill(v: Int32Array): GlobalState<L, M>;
  /** A fresh, plain-data copy for traces. */
  decode(v: Int32Array): Record<string, unknown>;
  /** The fields `decode` has added that no process keeps (the engine's and the observers'), per process and global. */
  groundFields(): { readonly process: readonly string[]; readonly global: readonly string[] };
}

export function views<L, M extends Message>(x: ViewParts<L, M>): Views<L, M> {
  const { n, C, HIST, OBS, CHAN, width, causal, procs, chanFrom, chanTo, local, net, cause, obs, faults, msgOfEntry } = x;
  const hasSent = obs.names[0] === 'sent';
  const ghost: Record<string, unknown> = {};
  const view = {
    n,
    procs: new Array<L>(n),
    roles: x.roles,
    peers: x.peers,
    channels: Array.from({ length: n }, () => new Array<readonly M[]>(n).fill([])),
    used: new Array<Readonly<Record<string, number>>>(n),
    crashed: new Array<boolean>(n).fill(false),
    sent: new Array<number>(n).fill(0) as readonly number[],
    ghost,
    events: Array.from({ length: n }, (): readonly Event<L, M>[] => []),
    channelTimes: Array.from({ length: n }, () => new Array<readonly (readonly number[])[]>(n).fill([])),
  };
  const usedRecord: (Readonly<Record<string, number>> | undefined)[][] = procs.map(() => []);
  const usedOf = (p: number, comp: number): Readonly<Record<string, number>> => {
    const r = usedRecord[p][comp];
    if (r !== undefined) return r;
    const { limited, actionNames } = procs[p];
    const u = local.comps.values[comp].used;
    return put(usedRecord[p], comp, Object.freeze(Object.fromEntries(limited.map((a, i) => [actionNames[a], u[i]]))));
  };
  const msgLists: (readonly M[] | undefined)[] = [];
  const timeLists: (readonly (readonly number[])[] | undefined)[] = [];
  const filled = new Int32Array(width).fill(-1);
  /**
   * The entries of channel content c in the order properties and traces see them: send order for
   * FIFO; for a bag, sorted by canonical key (message, then send time), so that the same state
   * reads the same in every run whatever order the search numbered the messages in.
   */
  const entryOrders: (Int32Array | undefined)[] = [];
  const entryOrder = (c: number): Int32Array => {
    let r = entryOrders[c];
    if (r === undefined) {
      const es = net.entries(c);
      if (net.isFifo || es.length < 2) r = es;
      else {
        const keyed = Array.from(es, (e) => ({ e, k: keyOf(local.msgs.values[msgOfEntry(e)]) + (causal ? '@' + cause.sentAt(e).join(',') : '') }));
        keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
        r = Int32Array.from(keyed, (y) => y.e);
      }
      put(entryOrders, c, r);
    }
    return r;
  };
  const msgList = (c: number): readonly M[] => {
    let r = msgLists[c];
    if (r === undefined) r = put(msgLists, c, Object.freeze(Array.from(entryOrder(c), (e) => local.msgs.values[msgOfEntry(e)])));
    return r;
  };
  const timeList = (c: number): readonly (readonly number[])[] => {
    let r = timeLists[c];
    if (r === undefined) r = put(timeLists, c, Object.freeze(Array.from(entryOrder(c), (e) => cause.sentAt(e))));
    return r;
  };
  const CRASH = faults.slots > 0 ? OBS - faults.slots : -1;
  /**
   * Only the parts whose numbers differ from the state filled last are rewritten: successive states
   * checked are mostly successors of one state, and differ in a process or two and a channel or two.
   */
  const fill = (v: Int32Array): GlobalState<L, M> => {
    for (let p = 0; p < n; p++) {
      const c = v[p];
      if (filled[p] !== c) {
        filled[p] = c;
        view.procs[p] = local.comps.values[c].state;
        view.used[p] = usedOf(p, c);
      }
      if (causal && filled[HIST + p] !== v[HIST + p]) {
        filled[HIST + p] = v[HIST + p];
        view.events[p] = cause.events(v[HIST + p]);
      }
    }
    if (CRASH >= 0 && filled[CRASH] !== v[CRASH]) {
      filled[CRASH] = v[CRASH];
      const mask = faults.crashedMask(v);
      for (let p = 0; p < n; p++) view.crashed[p] = (mask & (1 << p)) !== 0;
    }
    for (let i = 0; i < obs.count; i++) {
      const g = v[OBS + i];
      if (filled[OBS + i] === g) continue;
      filled[OBS + i] = g;
      ghost[obs.names[i]] = obs.value(i, g);
      if (i === 0 && hasSent) view.sent = obs.value(0, g) as readonly number[];
    }
    for (let ch = 0; ch < C; ch++) {
      const c = v[CHAN + ch];
      if (filled[CHAN + ch] === c) continue;
      filled[CHAN + ch] = c;
      view.channels[chanFrom[ch]][chanTo[ch]] = msgList(c);
      if (causal) view.channelTimes[chanFrom[ch]][chanTo[ch]] = timeList(c);
    }
    return view;
  };
  const groundProcess = new Set<string>();
  const groundGlobal = new Set<string>();
  const decode = (v: Int32Array): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    const perProcess: Record<string, unknown>[] = Array.from({ length: n }, () => ({}));
    const global: Record<string, unknown> = {};
    for (let i = 0; i < obs.count; i++) {
      const shown = obs.show(i, v[OBS + i], n);
      shown.perProcess?.forEach((f, p) => Object.assign(perProcess[p], f));
      Object.assign(global, shown.global);
    }
    const mask = faults.crashedMask(v);
    for (let p = 0; p < n; p++) {
      const { state } = local.comps.values[v[p]];
      const extra: Record<string, unknown> = {};
      if (procs[p].limited.length) extra.used = usedOf(p, v[p]);
      Object.assign(extra, perProcess[p]);
      if (causal) extra.vt = cause.latestVt(v[HIST + p]);
      if (mask & (1 << p)) extra.crashed = true;
      for (const k of Object.keys(extra)) groundProcess.add(k);
      o[`P${p}`] = Object.keys(extra).length ? { ...(typeof state === 'object' && state !== null && !Array.isArray(state) ? state : { state }), ...extra } : state;
    }
    for (let ch = 0; ch < C; ch++) o[`P${chanFrom[ch]}→P${chanTo[ch]}`] = msgList(v[CHAN + ch]);
    for (const k of Object.keys(global)) groundGlobal.add(k);
    return { ...o, ...global };
  };
  const groundFields = () => ({ process: [...groundProcess].sort(), global: [...groundGlobal].sort() });
  return { fill, decode, groundFields };
}
