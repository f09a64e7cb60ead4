/**
 * A system composes a protocol, a network and a workload into something the explorer checks.
 *
 * Performance design: each process's local state (with its workload counters) and each channel's
 * content is interned to a small integer, so a global state is a short integer vector
 * [local_0 … local_{n-1}, channel_0 … channel_{n(n-1)-1}]; and local transitions are memoised
 * (the same local state handling the same message from the same sender gives the same result),
 * so almost every step is a few table look-ups. The distinct states are exactly
 * (process states, workload counters, channel contents): no hidden state.
 */
import type { Context, Message, Protocol, Send, Step } from '../src/protocol.ts';
import { contextOf } from '../src/protocol.ts';
import { ModelError, UsageError, blame, call } from './errors.ts';
import { COMPILE, DETERMINISM_CHECKS, type Compiled, type CompiledProperty, type Property, type StepLabel } from './model.ts';
import { ApplicationOrder, appDeclOf, type AppDecl, type AppEvent, type AppStep } from './delivery.ts';
import { stuckReason } from './stuck.ts';
import { show } from './trace.ts';
import { Interner, equalData, keyOf } from './values.ts';

/** How channels behave. One channel per ordered pair of processes. */
export interface Network {
  /** `fifo`: delivered in send order; `unordered`: any message in flight may be delivered next (a bag). */
  readonly order: 'fifo' | 'unordered';
  /** A message in flight may be lost (an environment step). */
  readonly lossy?: boolean;
  /** A delivered message may stay in the channel and be delivered again. */
  readonly duplicating?: boolean;
}

/** Reliable FIFO channels. */
export const fifo: Network = Object.freeze({ order: 'fifo' });
/** Reliable unordered channels. */
export const unordered: Network = Object.freeze({ order: 'unordered' });

/** The global state as properties see it. */
export interface GlobalState<L, M> {
  readonly n: number;
  /** procs[p]: the local state of process p. */
  readonly procs: readonly L[];
  /** channels[from][to]: messages in flight (send order for FIFO; for a bag, sorted by canonical key); [] for from = to. */
  readonly channels: readonly (readonly (readonly M[])[])[];
  /** used[p][action]: how many times p did a workload-limited action. */
  readonly used: readonly Readonly<Record<string, number>>[];
  /** crashed[p]: p has crash-stopped (always false unless the system allows crashes). */
  readonly crashed: readonly boolean[];
  /** sent[p]: messages p has sent so far (0 unless the system counts messages). */
  readonly sent: readonly number[];
  /** events[p]: p's events so far, oldest first (empty unless the system tracks causality). */
  readonly events: readonly (readonly Event<L, M>[])[];
  /** channelTimes[from][to][i]: vector timestamp of the send of channels[from][to][i] (causal systems). */
  readonly channelTimes: readonly (readonly (readonly (readonly number[])[])[])[];
}

/** One event of a run, with its ground-truth vector timestamp (causal systems). */
export interface Event<L, M> {
  /** The process. */
  readonly p: number;
  /** Position among p's events, from 0. */
  readonly index: number;
  /** A local action, or the delivery of a message. */
  readonly kind: 'local' | 'receive';
  /** The local action's name, or the delivered message's type. */
  readonly action: string;
  /** True vector timestamp, computed by the engine whatever clocks the protocol keeps. */
  readonly vt: readonly number[];
  /** p's local state after the event. */
  readonly state: L;
  /** For a receive: the message, its sender, and its send event's timestamp. */
  readonly received?: { readonly from: number; readonly msg: M; readonly sentAt: readonly number[] };
  /** Messages sent in this event. */
  readonly sent: readonly Send<M>[];
  /**
   * The application-level events of this step (its declared multicasts and deliveries, or one
   * `local` event for a local action that declares nothing), with their application-level vector
   * timestamps: see `checker/delivery.ts`. Empty for a receipt that delivers nothing.
   */
  readonly app?: readonly AppEvent[];
}

/** a → b: a happened before b (by their true vector timestamps). */
export function happensBefore(a: { readonly vt: readonly number[] }, b: { readonly vt: readonly number[] }): boolean {
  let strict = false;
  for (let i = 0; i < a.vt.length; i++) {
    if (a.vt[i] > b.vt[i]) return false;
    if (a.vt[i] < b.vt[i]) strict = true;
  }
  return strict;
}

/** a ∥ b: neither happened before the other, and they are different events. */
export function concurrent(a: { readonly vt: readonly number[] }, b: { readonly vt: readonly number[] }): boolean {
  return !happensBefore(a, b) && !happensBefore(b, a) && a.vt.some((x, i) => x !== b.vt[i]);
}

export interface SystemSpec<L, M extends Message> {
  readonly name?: string;
  readonly protocol: Protocol<L, M>;
  /** Number of processes (at least 1). */
  readonly n: number;
  readonly network: Network;
  /** Per process, the most times each named local action may run (actions not named are unlimited). */
  readonly workload?: Readonly<Record<string, number>>;
  readonly properties?: readonly Property<GlobalState<L, M>>[];
  /** A proper end. Default: every channel empty and every workload-limited action used up. */
  readonly isEnd?: (g: GlobalState<L, M>) => boolean;
  readonly checkDeadlock?: boolean;
  /**
   * Ground-truth happens-before: the engine gives every event (local action, or delivery) a true
   * vector timestamp, every message carries its send event's, and properties see each process's
   * events (`GlobalState.events`). Adds the run's causal history to the state, so the state count
   * grows; a system that does not ask pays nothing.
   */
  readonly causality?: boolean;
  /** At most this many processes crash-stop in a run (a crash is an environment step). Default 0. */
  readonly crashes?: number;
  /** Count the messages each process has sent (`GlobalState.sent`); adds the counters to the state. */
  readonly countMessages?: boolean;
  /** A local-state predicate that diagrams shade on the process lines (e.g. the critical section, from the family's view). */
  readonly shade?: { readonly label: string; readonly holds: (s: L) => boolean };
}

/** What `system` returns: the explorer accepts it. */
export interface System<L, M extends Message> {
  readonly name: string;
  readonly spec: SystemSpec<L, M>;
  readonly [COMPILE]: () => Compiled;
}

/** Composes a protocol, a network and a workload. Checks the parameters now; compiles lazily. */
export function system<L, M extends Message>(spec: SystemSpec<L, M>): System<L, M> {
  if (!Number.isInteger(spec.n) || spec.n < 1) throw new UsageError(`n must be a positive integer, got ${spec.n}`);
  if (spec.n > 64) throw new UsageError(`n must be at most 64, got ${spec.n}`);
  const crashes = spec.crashes ?? 0;
  if (!Number.isInteger(crashes) || crashes < 0 || crashes > spec.n) throw new UsageError(`crashes must be an integer from 0 to n=${spec.n}, got ${crashes}`);
  if (crashes > 0 && spec.n > 30) throw new UsageError(`crashes need n <= 30, got n=${spec.n}`);
  for (const [a, k] of Object.entries(spec.workload ?? {})) {
    if (!(a in spec.protocol.actions)) throw new UsageError(`workload names action '${a}', which ${spec.protocol.name} does not have`);
    if (!Number.isInteger(k) || k < 0) throw new UsageError(`workload for '${a}' must be a non-negative integer, got ${k}`);
  }
  return { name: spec.name ?? spec.protocol.name, spec, [COMPILE]: () => compileSystem(spec) };
}

/** The result of one local step, interned. sends = [channel, message, channel, message, …]. */
interface Outcome {
  /** Numbered in creation order (names the step in causal mode). */
  readonly id: number;
  /** The local action's name, or the delivered message's type. */
  readonly action: string;
  readonly next: number;
  readonly sends: Int32Array;
  /** The process that takes the step. */
  readonly p: number;
  /** For a delivery: the sender and the message's number (-1 for a local action). */
  readonly from: number;
  readonly msg: number;
  /** What the step declared to the application (multicasts, deliveries). */
  readonly app: AppDecl;
}

/** The sends of a step that sends nothing (shared: most steps send nothing). */
const NO_SENDS = new Int32Array(0);

/** Local component: protocol state plus workload counters. */
interface Component<L> {
  readonly state: L;
  readonly used: readonly number[];
}

/** The distinct values of a sorted array, in order. */
function distinctOf(ms: Int32Array): Int32Array {
  return ms.filter((m, i) => i === 0 || ms[i - 1] !== m);
}

/**
 * Stores x at index i of a memo array, keeping the array dense (V8 turns an array assigned far
 * past its end into a slow dictionary): the gap is filled with undefined.
 */
function put<T>(a: (T | undefined)[], i: number, x: T): T {
  while (a.length < i) a.push(undefined);
  a[i] = x;
  return x;
}

function compileSystem<L, M extends Message>(spec: SystemSpec<L, M>): Compiled {
  const { protocol, n, network } = spec;
  const name = spec.name ?? protocol.name;
  const C = n * (n - 1); // channels
  const causal = spec.causality ?? false;
  const crashBudget = spec.crashes ?? 0;
  const counting = spec.countMessages ?? false;
  // Vector layout: [local 0…n-1][history 0…n-1 if causal][crashed mask, crashes if crashes > 0][sent 0…n-1 if counted][channels].
  const HIST = n;
  const CRASH = HIST + (causal ? n : 0);
  const SENT = CRASH + (crashBudget > 0 ? 2 : 0);
  const CHAN = SENT + (counting ? n : 0);
  const width = CHAN + C;
  const ctxs: Context[] = Array.from({ length: n }, (_, p) => contextOf(p, n));
  const actionNames = Object.keys(protocol.actions);
  const actions = actionNames.map((a) => protocol.actions[a]);
  const limits = actionNames.map((a) => spec.workload?.[a] ?? Infinity);
  const limited = actionNames.map((_, i) => i).filter((i) => limits[i] !== Infinity);
  const isFifo = network.order === 'fifo';
  const lossy = network.lossy ?? false;
  const duplicating = network.duplicating ?? false;

  /** Channel index of (from → to). */
  const chanOf = (from: number, to: number): number => from * (n - 1) + (to < from ? to : to - 1);
  const chanFrom = new Int32Array(C);
  const chanTo = new Int32Array(C);
  for (let f = 0; f < n; f++) for (let t = 0; t < n; t++) if (f !== t) { chanFrom[chanOf(f, t)] = f; chanTo[chanOf(f, t)] = t; }

  const comps = new Interner<Component<L>>('local states');
  const msgs = new Interner<M>('messages');
  const contents = new Interner<Int32Array>('channel contents');
  const EMPTY = contents.internKeyed(new Int32Array(0), '');

  // ---- channel content operations, memoised -------------------------------------------------
  const pushMemo: (number[] | undefined)[] = [];
  const tailMemo: (number | undefined)[] = [];
  const removeMemo: (number[] | undefined)[] = [];
  const distinctMemo: (Int32Array | undefined)[] = [];
  const contentId = (ms: Int32Array): number => contents.internKeyed(ms, ms.join(','));
  const push = (c: number, m: number): number => {
    let row = pushMemo[c];
    if (row === undefined) row = put(pushMemo, c, []);
    let r = row[m];
    if (r === undefined) {
      const old = contents.values[c];
      const ms = new Int32Array(old.length + 1);
      if (isFifo) {
        ms.set(old);
        ms[old.length] = m;
      } else {
        let i = 0;
        while (i < old.length && old[i] <= m) { ms[i] = old[i]; i++; }
        ms[i] = m;
        for (; i < old.length; i++) ms[i + 1] = old[i];
      }
      r = put(row, m, contentId(ms));
    }
    return r;
  };
  const tail = (c: number): number => {
    let r = tailMemo[c];
    if (r === undefined) r = put(tailMemo, c, contentId(contents.values[c].slice(1)));
    return r;
  };
  /** Content without the message at position i. */
  const removeAt = (c: number, i: number): number => {
    const old = contents.values[c];
    const ms = new Int32Array(old.length - 1);
    ms.set(old.subarray(0, i));
    ms.set(old.subarray(i + 1), i);
    return contentId(ms);
  };
  /** Bag: content without one copy of m. */
  const remove = (c: number, m: number): number => {
    let row = removeMemo[c];
    if (row === undefined) row = put(removeMemo, c, []);
    let r = row[m];
    if (r === undefined) r = put(row, m, removeAt(c, contents.values[c].indexOf(m)));
    return r;
  };
  /** Bag: the distinct messages in c, ascending. */
  const distinct = (c: number): Int32Array => {
    const r = distinctMemo[c];
    return r !== undefined ? r : put(distinctMemo, c, distinctOf(contents.values[c]));
  };

  // ---- calling user code ------------------------------------------------------------------------
  /**
   * Each handler, guard and action is called twice on its first DETERMINISM_CHECKS distinct inputs:
   * a function that gives two different results for the same input is not pure. (Mutation is
   * caught on every call: inputs are frozen.) Later inputs are called once: by then a function that
   * reads a clock, a random number or a counter of its own has long been caught.
   */
  const checksLeft = new Map<string, number>();
  const checkNow = (where: string): boolean => {
    const left = checksLeft.get(where) ?? DETERMINISM_CHECKS;
    if (left === 0) return false;
    checksLeft.set(where, left - 1);
    return true;
  };
  const pure = (where: string, f: () => Step<L, M>): Step<L, M> => {
    const a = call(where, f);
    if (!checkNow(where)) return a;
    const b = call(where, f);
    // Not frozen here: the interners freeze what they keep, and most results are already known
    // (freezing them would only make their keys cached for objects that are dropped at once).
    if (!equalData(a, b)) throw new ModelError(`${where} is not deterministic: the same input gave ${keyOf(a)} and then ${keyOf(b)}`, where);
    return a;
  };
  const intern = (s: L, used: readonly number[]): number => comps.intern({ state: s, used });

  let outcomeCount = 0;
  const outcome = (p: number, where: string, action: string, r: Step<L, M>, used: readonly number[], from: number, m: number): Outcome => {
    if (typeof r !== 'object' || r === null || !('state' in r)) {
      throw new ModelError(`${where} must return { state, send? }, got ${keyOf(r)}`, where);
    }
    const sends = r.send ?? [];
    const flat = sends.length === 0 ? NO_SENDS : new Int32Array(sends.length * 2);
    for (let i = 0; i < sends.length; i++) {
      const s: Send<M> = sends[i];
      if (!Number.isInteger(s.to) || s.to < 0 || s.to >= n) throw new ModelError(`${where} sends to process ${s.to}, which does not exist (n=${n})`, where);
      if (s.to === p) throw new ModelError(`${where} sends to its own process P${p}`, where);
      const type = (s.msg as Message | undefined)?.type;
      if (typeof type !== 'string' || !(type in protocol.handlers)) {
        throw new ModelError(`${where} sends a message of type ${keyOf(type)}, which has no handler`, where);
      }
      flat[2 * i] = chanOf(p, s.to);
      flat[2 * i + 1] = msgs.intern(s.msg);
    }
    return { id: outcomeCount++, action, next: intern(r.state, used), sends: flat, p, from, msg: m, app: appDeclOf(r, where) };
  };
  /** Who did what in step o; made only when a trace is printed. */
  const labelOf = (o: Outcome): StepLabel => {
    const sent = Array.from({ length: o.sends.length / 2 }, (_, i) => ({ to: chanTo[o.sends[2 * i]], msg: msgs.values[o.sends[2 * i + 1]] }));
    const app = { ...(o.app.multicasts.length ? { multicasts: o.app.multicasts } : {}), ...(o.app.deliver.length ? { delivered: o.app.deliver } : {}) };
    if (o.msg < 0) return { actor: `P${o.p}`, action: o.action, kind: 'local', process: o.p, name: o.action, sent, ...app };
    const msg = msgs.values[o.msg];
    return { actor: `P${o.p}`, action: `receives ${show(msg)} from P${o.from}`, kind: 'receive', process: o.p, name: msg.type, from: o.from, msg, sent, ...app };
  };

  // ---- memoised local steps -----------------------------------------------------------------------
  /** localMemo[p][component]: the enabled local actions and their outcomes. */
  const localMemo: (Outcome[] | undefined)[][] = Array.from({ length: n }, () => []);
  const actionWhere = actionNames.map((a) => `${protocol.name}.actions.${a}`);
  const guardWhere = actionWhere.map((w) => `${w}.guard`);
  const callGuard = (a: number, state: L, ctx: Context): boolean => {
    let g1: boolean;
    let g2: boolean;
    try {
      g1 = actions[a].guard(state, ctx);
      g2 = checkNow(guardWhere[a]) ? actions[a].guard(state, ctx) : g1;
    } catch (e) {
      throw blame(guardWhere[a], e);
    }
    if (g1 !== g2) throw new ModelError(`${guardWhere[a]} is not deterministic`, guardWhere[a]);
    return g1;
  };
  // The look-ups below hold no closures: a function that creates one allocates a context on every
  // call, even when its fast path returns first. What calls user code lives in the *Miss functions.
  const localSteps = (p: number, comp: number): Outcome[] => {
    const r = localMemo[p][comp];
    return r !== undefined ? r : localStepsMiss(p, comp);
  };
  const localStepsMiss = (p: number, comp: number): Outcome[] => {
    const r: Outcome[] = [];
    const { state, used } = comps.values[comp];
    const ctx = ctxs[p];
    for (let a = 0; a < actions.length; a++) {
      const li = limited.indexOf(a);
      if (li >= 0 && used[li] >= limits[a]) continue;
      if (!callGuard(a, state, ctx)) continue;
      const where = `${actionWhere[a]}.run`;
      const res = pure(where, () => actions[a].run(state, ctx));
      const nextUsed = li >= 0 ? used.map((u, i) => (i === li ? u + 1 : u)) : used;
      const action = actionNames[a];
      r.push(outcome(p, where, action, res, nextUsed, -1, -1));
    }
    put(localMemo[p], comp, r);
    return r;
  };

  /** recvMemo[p][from][component][message]. */
  const recvMemo: (Outcome[] | undefined)[][][] = Array.from({ length: n }, () => Array.from({ length: n }, () => []));
  const handlerWhere = new Map<string, string>();
  const receive = (p: number, from: number, comp: number, m: number): Outcome => {
    const byComp = recvMemo[p][from][comp];
    if (byComp !== undefined) {
      const r = byComp[m];
      if (r !== undefined) return r;
    }
    return receiveMiss(p, from, comp, m);
  };
  const receiveMiss = (p: number, from: number, comp: number, m: number): Outcome => {
    let byComp = recvMemo[p][from][comp];
    if (byComp === undefined) byComp = put(recvMemo[p][from], comp, []);
    const { state, used } = comps.values[comp];
    const msg = msgs.values[m];
    const handler = (protocol.handlers as unknown as Record<string, (s: L, m: M, f: number, c: Context) => Step<L, M>>)[msg.type];
    let where = handlerWhere.get(msg.type);
    if (where === undefined) handlerWhere.set(msg.type, (where = `${protocol.name}.handlers.${msg.type}`));
    const res = pure(where, () => handler(state, msg, from, ctxs[p]));
    return put(byComp, m, outcome(p, where, msg.type, res, used, from, m));
  };

  // ---- ground-truth causality (opt-in) ------------------------------------------------------------
  // In causal mode a channel holds tags: (message, vector timestamp of its send event).
  const tagMsg: number[] = [];
  const tagVt: number[] = [];
  const tagIds = new Map<number, number>();
  const tagOf = (m: number, vt: number): number => {
    const k = m * 0x1000000 + vt;
    let t = tagIds.get(k);
    if (t === undefined) {
      t = tagMsg.length;
      tagMsg.push(m);
      tagVt.push(vt);
      tagIds.set(k, t);
    }
    return t;
  };
  const msgOfEntry = (e: number): number => (causal ? tagMsg[e] : e);
  const vts = new Interner<Int32Array>('vector timestamps');
  const vtId = (v: Int32Array): number => vts.internKeyed(v, v.join(','));
  const VT0 = vtId(new Int32Array(n));
  const tickMemo: (number | undefined)[][] = Array.from({ length: n }, () => []);
  const recvMemo2: Map<number, number>[] = Array.from({ length: n }, () => new Map());
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
    let r = recvMemo2[p].get(k);
    if (r === undefined) {
      const a = vts.values[cur];
      const b = vts.values[sent];
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = a[i] > b[i] ? a[i] : b[i];
      v[p]++;
      recvMemo2[p].set(k, (r = vtId(v)));
    }
    return r;
  };
  const events = new Interner<Event<L, M>>('events');
  const eventIds = new Map<string, number>();
  const hists = new Interner<Int32Array>('histories');
  const histLastVt: (number | undefined)[] = [];
  const histExtend: (Map<number, number> | undefined)[] = [];
  const EMPTY_HIST = hists.internKeyed(new Int32Array(0), '');
  histLastVt[EMPTY_HIST] = VT0;
  const appOrder = new ApplicationOrder(n);
  appOrder.start(EMPTY_HIST);
  const vtArray = (id: number): readonly number[] => Object.freeze(Array.from(vts.values[id]));
  /** The event p takes in step `o` at time vt (entry: the tag delivered, or -1 for a local action). */
  const eventOf = (p: number, index: number, o: Outcome, vt: number, entry: number, from: number, app: AppStep): number => {
    const k = app.key === '' ? `${p},${index},${o.id},${vt},${entry}` : `${p},${index},${o.id},${vt},${entry};${app.key}`;
    let id = eventIds.get(k);
    if (id === undefined) {
      const sent: Send<M>[] = [];
      for (let i = 0; i < o.sends.length; i += 2) sent.push({ to: chanTo[o.sends[i]], msg: msgs.values[o.sends[i + 1]] });
      const ev: Event<L, M> = {
        p,
        index,
        kind: entry < 0 ? 'local' : 'receive',
        action: o.action,
        vt: vtArray(vt),
        state: comps.values[o.next].state,
        ...(entry >= 0 ? { received: { from, msg: msgs.values[tagMsg[entry]], sentAt: vtArray(tagVt[entry]) } } : {}),
        sent,
        app: app.events,
      };
      id = events.internKeyed(ev, k);
      eventIds.set(k, id);
    }
    return id;
  };
  const extend = (h: number, ev: number, vt: number): number => {
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
      appOrder.extend(h, r, events.values[ev].app ?? []);
      m.set(ev, r);
    }
    return r;
  };

  // ---- expansion ----------------------------------------------------------------------------------
  const scratch = new Int32Array(width);
  let described: StepLabel[] | null = null;

  /** Process p takes step o (scratch already holds the state with the delivered message removed). */
  const takeStep = (v: Int32Array, p: number, o: Outcome, entry: number, from: number): void => {
    scratch[p] = o.next;
    let vt = 0;
    if (causal) {
      const h = v[HIST + p];
      vt = entry < 0 ? tick(p, (histLastVt[h] as number)) : tickReceive(p, (histLastVt[h] as number), tagVt[entry]);
      const app = appOrder.next(p, h, o.app, entry < 0, (q) => v[HIST + q]);
      scratch[HIST + p] = extend(h, eventOf(p, hists.values[h].length, o, vt, entry, from, app), vt);
    }
    const sends = o.sends;
    if (counting) scratch[SENT + p] += sends.length >> 1;
    for (let i = 0; i < sends.length; i += 2) {
      const k = CHAN + sends[i];
      scratch[k] = push(scratch[k], causal ? tagOf(sends[i + 1], vt) : sends[i + 1]);
    }
  };
  const deliver = (v: Int32Array, ch: number, entry: number, rest: number, label: number, emit: (s: Int32Array, l: number) => void): number => {
    const to = chanTo[ch];
    const from = chanFrom[ch];
    const o = receive(to, from, v[to], msgOfEntry(entry));
    scratch.set(v);
    scratch[CHAN + ch] = rest;
    takeStep(v, to, o, causal ? entry : -2, from);
    if (described) described.push(labelOf(o));
    emit(scratch, label++);
    if (duplicating) {
      scratch.set(v);
      takeStep(v, to, o, causal ? entry : -2, from);
      if (described) {
        const l = labelOf(o);
        described.push({ ...l, action: `${l.action} (a duplicate stays in flight)`, kind: 'duplicate' });
      }
      emit(scratch, label++);
    }
    return label;
  };

  const expand = (v: Int32Array, emit: (s: Int32Array, l: number) => void): void => {
    let label = 0;
    const crashedMask = crashBudget > 0 ? v[CRASH] : 0;
    for (let p = 0; p < n; p++) {
      if (crashedMask & (1 << p)) continue;
      const outs = localSteps(p, v[p]);
      for (let i = 0; i < outs.length; i++) {
        const o = outs[i];
        scratch.set(v);
        takeStep(v, p, o, -1, -1);
        if (described) described.push(labelOf(o));
        emit(scratch, label++);
      }
    }
    for (let ch = 0; ch < C; ch++) {
      const c = v[CHAN + ch];
      if (c === EMPTY) continue;
      if (crashedMask & (1 << chanTo[ch])) continue; // a crashed process receives nothing
      const content = contents.values[c];
      if (isFifo) {
        label = deliver(v, ch, content[0], tail(c), label, emit);
      } else {
        const ds = distinct(c);
        for (let i = 0; i < ds.length; i++) label = deliver(v, ch, ds[i], remove(c, ds[i]), label, emit);
      }
      if (lossy) {
        const seen = new Set<number>();
        for (let i = 0; i < content.length; i++) {
          const rest = isFifo ? removeAt(c, i) : remove(c, content[i]);
          if (seen.has(rest)) continue;
          seen.add(rest);
          scratch.set(v);
          scratch[CHAN + ch] = rest;
          if (described) {
            const msg = msgs.values[msgOfEntry(content[i])];
            described.push({ actor: 'env', action: `loses ${show(msg)} from P${chanFrom[ch]} to P${chanTo[ch]}`, kind: 'lose', process: chanTo[ch], from: chanFrom[ch], msg });
          }
          emit(scratch, label++);
        }
      }
    }
    if (crashBudget > 0 && v[CRASH + 1] < crashBudget) {
      for (let p = 0; p < n; p++) {
        if (crashedMask & (1 << p)) continue;
        scratch.set(v);
        scratch[CRASH] = crashedMask | (1 << p);
        scratch[CRASH + 1]++;
        if (described) described.push({ actor: 'env', action: `P${p} crashes`, kind: 'crash', process: p });
        emit(scratch, label++);
      }
    }
    if (label > 0xffff) throw new ModelError(`a state has ${label} enabled steps; at most 65,535 are supported`);
  };

  // ---- views ------------------------------------------------------------------------------------
  const view = {
    n,
    procs: new Array<L>(n),
    channels: Array.from({ length: n }, () => new Array<readonly M[]>(n).fill([])),
    used: new Array<Readonly<Record<string, number>>>(n),
    crashed: new Array<boolean>(n).fill(false),
    sent: new Array<number>(n).fill(0),
    events: Array.from({ length: n }, (): readonly Event<L, M>[] => []),
    channelTimes: Array.from({ length: n }, () => new Array<readonly (readonly number[])[]>(n).fill([])),
  };
  const usedRecord: (Readonly<Record<string, number>> | undefined)[] = [];
  const usedOf = (comp: number): Readonly<Record<string, number>> => {
    const r = usedRecord[comp];
    return r !== undefined ? r : put(usedRecord, comp, usedRecordOf(comps.values[comp].used));
  };
  const usedRecordOf = (u: readonly number[]): Readonly<Record<string, number>> =>
    Object.freeze(Object.fromEntries(limited.map((a, i) => [actionNames[a], u[i]])));
  const msgLists: (readonly M[] | undefined)[] = [];
  const timeLists: (readonly (readonly number[])[] | undefined)[] = [];
  const histLists: (readonly Event<L, M>[] | undefined)[] = [];
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
      const es = contents.values[c];
      if (isFifo || es.length < 2) r = es;
      else {
        const keyed = Array.from(es, (e) => ({ e, k: keyOf(msgs.values[msgOfEntry(e)]) + (causal ? '@' + vts.values[tagVt[e]].join(',') : '') }));
        keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
        r = Int32Array.from(keyed, (x) => x.e);
      }
      put(entryOrders, c, r);
    }
    return r;
  };
  const msgList = (c: number): readonly M[] => {
    let r = msgLists[c];
    if (r === undefined) r = put(msgLists, c, Object.freeze(Array.from(entryOrder(c), (e) => msgs.values[msgOfEntry(e)])));
    return r;
  };
  const timeList = (c: number): readonly (readonly number[])[] => {
    let r = timeLists[c];
    if (r === undefined) r = put(timeLists, c, Object.freeze(Array.from(entryOrder(c), (e) => vtArray(tagVt[e]))));
    return r;
  };
  const histList = (h: number): readonly Event<L, M>[] => {
    let r = histLists[h];
    if (r === undefined) r = put(histLists, h, Object.freeze(Array.from(hists.values[h], (e) => events.values[e])));
    return r;
  };
  /**
   * Fills the shared view with v (properties must not keep it). Only the parts whose numbers
   * differ from the state filled last are rewritten: successive states checked are mostly
   * successors of one state, and differ in a process or two and a channel or two.
   */
  const fill = (v: Int32Array): GlobalState<L, M> => {
    for (let p = 0; p < n; p++) {
      const c = v[p];
      if (filled[p] !== c) {
        filled[p] = c;
        view.procs[p] = comps.values[c].state;
        view.used[p] = usedOf(c);
      }
      if (causal && filled[HIST + p] !== v[HIST + p]) {
        filled[HIST + p] = v[HIST + p];
        view.events[p] = histList(v[HIST + p]);
      }
      if (counting) view.sent[p] = v[SENT + p];
    }
    if (crashBudget > 0 && filled[CRASH] !== v[CRASH]) {
      filled[CRASH] = v[CRASH];
      for (let p = 0; p < n; p++) view.crashed[p] = (v[CRASH] & (1 << p)) !== 0;
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
  /** A fresh, plain-data copy for traces: { P0: local, …, 'P0→P1': [messages], … }. */
  const decode = (v: Int32Array): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (let p = 0; p < n; p++) {
      const { state } = comps.values[v[p]];
      const extra: Record<string, unknown> = {};
      if (limited.length) extra.used = usedOf(v[p]);
      if (counting) extra.sent = v[SENT + p];
      if (causal) extra.vt = vtArray(histLastVt[v[HIST + p]] as number);
      if (crashBudget > 0 && v[CRASH] & (1 << p)) extra.crashed = true;
      o[`P${p}`] = Object.keys(extra).length ? { ...(typeof state === 'object' && state !== null && !Array.isArray(state) ? state : { state }), ...extra } : state;
    }
    for (let ch = 0; ch < C; ch++) o[`P${chanFrom[ch]}→P${chanTo[ch]}`] = msgList(v[CHAN + ch]);
    return o;
  };

  const properties: CompiledProperty[] = (spec.properties ?? []).map((pr) => {
    const where = `property ${pr.name}`;
    const test = pr.holds;
    return {
      name: pr.name,
      kind: pr.kind,
      description: pr.description,
      holds: (v: Int32Array): boolean => {
        try {
          return test(fill(v));
        } catch (e) {
          throw blame(where, e);
        }
      },
      ...(pr.reason ? { reason: (v: Int32Array) => call(`${where}.reason`, () => (pr.reason as (g: GlobalState<L, M>) => string | undefined)(fill(v))) } : {}),
    };
  });

  /** Every channel to a live process is empty and every live process is at rest with its workload used up. */
  const defaultEnd = (v: Int32Array): boolean => {
    const crashedMask = crashBudget > 0 ? v[CRASH] : 0;
    for (let ch = 0; ch < C; ch++) if (v[CHAN + ch] !== EMPTY && !(crashedMask & (1 << chanTo[ch]))) return false;
    for (let p = 0; p < n; p++) {
      if (crashedMask & (1 << p)) continue;
      const isDone = protocol.isDone;
      if (isDone && !call(`${protocol.name}.isDone`, () => isDone(comps.values[v[p]].state, ctxs[p]))) return false;
      const u = comps.values[v[p]].used;
      for (let i = 0; i < limited.length; i++) if (u[i] < limits[limited[i]]) return false;
    }
    return true;
  };

  const initialUsed = limited.map(() => 0);
  return {
    name,
    width,
    initial(emit) {
      scratch.fill(0);
      for (let p = 0; p < n; p++) {
        const s = call(`${protocol.name}.init`, () => protocol.init(ctxs[p]));
        scratch[p] = intern(s, initialUsed);
        if (causal) scratch[HIST + p] = EMPTY_HIST;
      }
      for (let ch = 0; ch < C; ch++) scratch[CHAN + ch] = EMPTY;
      emit(scratch, 0);
    },
    expand,
    describe(v, label) {
      described = [];
      try {
        expand(v, () => {});
        const d = described[label];
        if (!d) throw new Error(`internal: no step ${label} from this state`);
        return d;
      } finally {
        described = null;
      }
    },
    decode,
    properties,
    within: undefined,
    isEnd: spec.isEnd ? (v) => call('isEnd', () => (spec.isEnd as (g: GlobalState<L, M>) => boolean)(fill(v))) : defaultEnd,
    checkDeadlock: spec.checkDeadlock ?? true,
    ...(spec.shade ? { shade: { label: spec.shade.label, holds: (v: Int32Array, p: number) => call(`shade ${spec.shade?.label}`, () => (spec.shade as { holds: (s: L) => boolean }).holds(comps.values[v[p]].state)), processes: n } } : {}),
    deadlockReason: (v) => {
      const g = fill(v);
      const u = (p: number) => comps.values[v[p]].used;
      return stuckReason({
        ...g,
        atRest: g.procs.map((s, p) => (protocol.isDone ? call(`${protocol.name}.isDone`, () => (protocol.isDone as (s: L, c: Context) => boolean)(s, ctxs[p])) : true)),
        workLeft: g.procs.map((_, p) => limited.flatMap((a, i) => (u(p)[i] < limits[a] ? [`${actionNames[a]} ${u(p)[i]}/${limits[a]}`] : []))),
      });
    },
    stats: () => ({ localStates: comps.size, memoisedSteps: outcomeCount, messages: msgs.size, channelContents: contents.size, ...(causal ? { events: events.size, vectorTimestamps: vts.size } : {}) }),
  };
}
