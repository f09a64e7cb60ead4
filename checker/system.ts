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
import { ModelError, UsageError, describeError } from './errors.ts';
import { COMPILE, type Compiled, type CompiledProperty, type Property, type StepLabel } from './model.ts';
import { show } from './trace.ts';
import { Interner, keyOf } from './values.ts';

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
  /** channels[from][to]: messages in flight (send order for FIFO, canonical order for a bag); [] for from = to. */
  readonly channels: readonly (readonly (readonly M[])[])[];
  /** used[p][action]: how many times p did a workload-limited action. */
  readonly used: readonly Readonly<Record<string, number>>[];
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
  for (const [a, k] of Object.entries(spec.workload ?? {})) {
    if (!(a in spec.protocol.actions)) throw new UsageError(`workload names action '${a}', which ${spec.protocol.name} does not have`);
    if (!Number.isInteger(k) || k < 0) throw new UsageError(`workload for '${a}' must be a non-negative integer, got ${k}`);
  }
  return { name: spec.name ?? spec.protocol.name, spec, [COMPILE]: () => compileSystem(spec) };
}

/** The result of one local step, interned. sends = [channel, message, channel, message, …]. */
interface Outcome {
  readonly next: number;
  readonly sends: Int32Array;
  /** Who did what; made only when a trace is printed. */
  readonly label: () => StepLabel;
}

/** Local component: protocol state plus workload counters. */
interface Component<L> {
  readonly state: L;
  readonly used: readonly number[];
}

function compileSystem<L, M extends Message>(spec: SystemSpec<L, M>): Compiled {
  const { protocol, n, network } = spec;
  const name = spec.name ?? protocol.name;
  const C = n * (n - 1); // channels
  const width = n + C;
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
  const tailMemo: number[] = [];
  const removeMemo: (number[] | undefined)[] = [];
  const distinctMemo: (Int32Array | undefined)[] = [];
  const contentId = (ms: Int32Array): number => contents.internKeyed(ms, ms.join(','));
  const push = (c: number, m: number): number => {
    let row = pushMemo[c];
    if (row === undefined) row = pushMemo[c] = [];
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
      r = row[m] = contentId(ms);
    }
    return r;
  };
  const tail = (c: number): number => {
    let r = tailMemo[c];
    if (r === undefined) r = tailMemo[c] = contentId(contents.values[c].slice(1));
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
    if (row === undefined) row = removeMemo[c] = [];
    let r = row[m];
    if (r === undefined) r = row[m] = removeAt(c, contents.values[c].indexOf(m));
    return r;
  };
  /** Bag: the distinct messages in c, ascending. */
  const distinct = (c: number): Int32Array => {
    let r = distinctMemo[c];
    if (r === undefined) {
      const ms = contents.values[c];
      r = distinctMemo[c] = ms.filter((m, i) => i === 0 || ms[i - 1] !== m);
    }
    return r;
  };

  // ---- calling user code ------------------------------------------------------------------------
  const guarded = <T>(where: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ModelError) throw e;
      if (e instanceof TypeError && /read[- ]only|frozen|not extensible|Cannot (assign|add|delete|define|set|clear)/i.test(e.message)) {
        throw new ModelError(`${where} mutated its input: ${describeError(e)}`, where, { cause: e });
      }
      throw new ModelError(`${where} threw: ${describeError(e)}`, where, { cause: e });
    }
  };
  /** Runs f twice: a handler that gives two different results for the same input is not pure. */
  const pure = (where: string, f: () => Step<L, M>): Step<L, M> => {
    const a = guarded(where, f);
    const b = guarded(where, f);
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka !== kb) throw new ModelError(`${where} is not deterministic: the same input gave ${ka} and then ${kb}`, where);
    return a;
  };
  const componentKey = (s: L, used: readonly number[]): string => keyOf(s) + (used.length ? '#' + used.join(',') : '');
  const intern = (s: L, used: readonly number[]): number => comps.internKeyed({ state: s, used }, componentKey(s, used));

  const outcome = (p: number, where: string, r: Step<L, M>, used: readonly number[], label: () => StepLabel): Outcome => {
    if (typeof r !== 'object' || r === null || !('state' in r)) {
      throw new ModelError(`${where} must return { state, send? }, got ${keyOf(r)}`, where);
    }
    const sends = r.send ?? [];
    const flat = new Int32Array(sends.length * 2);
    sends.forEach((s: Send<M>, i) => {
      if (!Number.isInteger(s.to) || s.to < 0 || s.to >= n) throw new ModelError(`${where} sends to process ${s.to}, which does not exist (n=${n})`, where);
      if (s.to === p) throw new ModelError(`${where} sends to its own process P${p}`, where);
      const type = (s.msg as Message | undefined)?.type;
      if (typeof type !== 'string' || !(type in protocol.handlers)) {
        throw new ModelError(`${where} sends a message of type ${keyOf(type)}, which has no handler`, where);
      }
      flat[2 * i] = chanOf(p, s.to);
      flat[2 * i + 1] = msgs.intern(s.msg);
    });
    return { next: intern(r.state, used), sends: flat, label };
  };

  // ---- memoised local steps -----------------------------------------------------------------------
  /** localMemo[p][component]: the enabled local actions and their outcomes. */
  const localMemo: Outcome[][][] = Array.from({ length: n }, () => []);
  const localSteps = (p: number, comp: number): Outcome[] => {
    let r = localMemo[p][comp];
    if (r !== undefined) return r;
    r = [];
    const { state, used } = comps.values[comp];
    const ctx = ctxs[p];
    for (let a = 0; a < actions.length; a++) {
      const li = limited.indexOf(a);
      if (li >= 0 && used[li] >= limits[a]) continue;
      const where = `${protocol.name}.actions.${actionNames[a]}`;
      const g1 = guarded(`${where}.guard`, () => actions[a].guard(state, ctx));
      const g2 = guarded(`${where}.guard`, () => actions[a].guard(state, ctx));
      if (g1 !== g2) throw new ModelError(`${where}.guard is not deterministic`, `${where}.guard`);
      if (!g1) continue;
      const res = pure(`${where}.run`, () => actions[a].run(state, ctx));
      const nextUsed = li >= 0 ? used.map((u, i) => (i === li ? u + 1 : u)) : used;
      const action = actionNames[a];
      r.push(outcome(p, `${where}.run`, res, nextUsed, () => ({ actor: `P${p}`, action })));
    }
    localMemo[p][comp] = r;
    return r;
  };

  /** recvMemo[p][from][component][message]. */
  const recvMemo: Outcome[][][][] = Array.from({ length: n }, () => Array.from({ length: n }, () => []));
  const receive = (p: number, from: number, comp: number, m: number): Outcome => {
    let byComp = recvMemo[p][from][comp];
    if (byComp === undefined) byComp = recvMemo[p][from][comp] = [];
    let r = byComp[m];
    if (r !== undefined) return r;
    const { state, used } = comps.values[comp];
    const msg = msgs.values[m];
    const handler = (protocol.handlers as unknown as Record<string, (s: L, m: M, f: number, c: Context) => Step<L, M>>)[msg.type];
    const where = `${protocol.name}.handlers.${msg.type}`;
    const res = pure(where, () => handler(state, msg, from, ctxs[p]));
    r = byComp[m] = outcome(p, where, res, used, () => ({ actor: `P${p}`, action: `receives ${show(msg)} from P${from}` }));
    return r;
  };

  // ---- expansion ----------------------------------------------------------------------------------
  const scratch = new Int32Array(width);
  let described: StepLabel[] | null = null;

  const applySends = (sends: Int32Array): void => {
    for (let i = 0; i < sends.length; i += 2) {
      const k = n + sends[i];
      scratch[k] = push(scratch[k], sends[i + 1]);
    }
  };
  const deliver = (v: Int32Array, ch: number, m: number, rest: number, label: number, emit: (s: Int32Array, l: number) => void): number => {
    const to = chanTo[ch];
    const from = chanFrom[ch];
    const o = receive(to, from, v[to], m);
    scratch.set(v);
    scratch[n + ch] = rest;
    scratch[to] = o.next;
    applySends(o.sends);
    if (described) described.push(o.label());
    emit(scratch, label++);
    if (duplicating) {
      scratch.set(v);
      scratch[to] = o.next;
      applySends(o.sends);
      if (described) described.push({ actor: `P${to}`, action: `${o.label().action} (a duplicate stays in flight)` });
      emit(scratch, label++);
    }
    return label;
  };

  const expand = (v: Int32Array, emit: (s: Int32Array, l: number) => void): void => {
    let label = 0;
    for (let p = 0; p < n; p++) {
      const outs = localSteps(p, v[p]);
      for (let i = 0; i < outs.length; i++) {
        const o = outs[i];
        scratch.set(v);
        scratch[p] = o.next;
        applySends(o.sends);
        if (described) described.push(o.label());
        emit(scratch, label++);
      }
    }
    for (let ch = 0; ch < C; ch++) {
      const c = v[n + ch];
      if (c === EMPTY) continue;
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
          scratch[n + ch] = rest;
          if (described) described.push({ actor: 'env', action: `loses ${show(msgs.values[content[i]])} from P${chanFrom[ch]} to P${chanTo[ch]}` });
          emit(scratch, label++);
        }
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
  };
  const usedRecord: (Readonly<Record<string, number>> | undefined)[] = [];
  const usedOf = (comp: number): Readonly<Record<string, number>> => {
    let r = usedRecord[comp];
    if (r === undefined) {
      const u = comps.values[comp].used;
      r = usedRecord[comp] = Object.freeze(Object.fromEntries(limited.map((a, i) => [actionNames[a], u[i]])));
    }
    return r;
  };
  const msgLists: (readonly M[] | undefined)[] = [];
  const filled = new Int32Array(width).fill(-1);
  const msgList = (c: number): readonly M[] => {
    let r = msgLists[c];
    if (r === undefined) r = msgLists[c] = Object.freeze(Array.from(contents.values[c], (m) => msgs.values[m]));
    return r;
  };
  /** Fills the shared view with v (properties must not keep it). */
  const fill = (v: Int32Array): GlobalState<L, M> => {
    let same = true;
    for (let i = 0; i < width; i++) {
      if (filled[i] !== v[i]) {
        same = false;
        filled[i] = v[i];
      }
    }
    if (same) return view;
    for (let p = 0; p < n; p++) {
      view.procs[p] = comps.values[v[p]].state;
      view.used[p] = usedOf(v[p]);
    }
    for (let ch = 0; ch < C; ch++) view.channels[chanFrom[ch]][chanTo[ch]] = msgList(v[n + ch]);
    return view;
  };
  /** A fresh, plain-data copy for traces: { P0: local, …, 'P0→P1': [messages], … }. */
  const decode = (v: Int32Array): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (let p = 0; p < n; p++) {
      const { state } = comps.values[v[p]];
      const u = usedOf(v[p]);
      o[`P${p}`] = limited.length ? { ...(typeof state === 'object' && state !== null && !Array.isArray(state) ? state : { state }), used: u } : state;
    }
    for (let ch = 0; ch < C; ch++) o[`P${chanFrom[ch]}→P${chanTo[ch]}`] = msgList(v[n + ch]);
    return o;
  };

  const properties: CompiledProperty[] = (spec.properties ?? []).map((pr) => ({
    name: pr.name,
    kind: pr.kind,
    description: pr.description,
    holds: (v: Int32Array) => guarded(`property ${pr.name}`, () => pr.holds(fill(v))),
  }));

  const defaultEnd = (v: Int32Array): boolean => {
    for (let ch = 0; ch < C; ch++) if (v[n + ch] !== EMPTY) return false;
    for (let p = 0; p < n; p++) {
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
      for (let p = 0; p < n; p++) {
        const s = guarded(`${protocol.name}.init`, () => protocol.init(ctxs[p]));
        scratch[p] = intern(s, initialUsed);
      }
      for (let ch = 0; ch < C; ch++) scratch[n + ch] = EMPTY;
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
    isEnd: spec.isEnd ? (v) => guarded('isEnd', () => (spec.isEnd as (g: GlobalState<L, M>) => boolean)(fill(v))) : defaultEnd,
    checkDeadlock: spec.checkDeadlock ?? true,
    stats: () => ({ localStates: comps.size, messages: msgs.size, channelContents: contents.size }),
  };
}
