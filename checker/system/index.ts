/**
 * A system composes protocols (one per role), a network and a workload into something the
 * explorer checks. This file is the composer, the one part the explorer sees; each concern lives
 * in its own module with a small interface:
 *
 *   steps.ts      calling the protocols' code, memoised per distinct local state
 *   network.ts    channel contents and what fifo / unordered / lossy / duplicating networks allow
 *   faults.ts     crash-stop
 *   causality.ts  ground-truth happens-before (opt-in)
 *   observers.ts  ghost state folded from the steps (opt-in; message counters are one)
 *   view.ts       the global state properties read, and traces' plain-data states
 *
 * Performance design: each process's local state (with its workload counters) and each channel's
 * content is interned to a small integer, so a global state is a short integer vector, and local
 * transitions are memoised. Layout of the vector:
 *   [local 0…n-1][history 0…n-1 if causal][crashed mask, crashes][observer ghosts][channels]
 * The distinct states are exactly (process states, workload counters, channel contents, and
 * whatever the system opted into): no hidden state.
 */
import { stuckReason } from '../stuck.ts';
import type { Context, Message, Protocol } from '../../src/protocol.ts';
import { contextOf } from '../../src/protocol.ts';
import { ModelError, UsageError, blame, call, truthOf } from '../errors.ts';
import { enter, leave } from '../running.ts';
import { COMPILE, type Compiled, type CompiledProperty, type StepLabel } from '../model.ts';
import { show } from '../trace.ts';
import { keyOf } from '../values.ts';
import { causality } from './causality.ts';
import { popcount, systemFairness } from './fairness.ts';
import { crashStop } from './faults.ts';
import { channels } from './network.ts';
import { messageCounter, observers } from './observers.ts';
import { steps, type Outcome, type Proc } from './steps.ts';
import type { GlobalState, Observed, Observer, Role, System, SystemSpec } from './types.ts';
import { views } from './view.ts';
import { systemSymmetry } from '../reduce/system-symmetry.ts';
import { porHooks, trackerOf } from '../reduce/por.ts';

export { fifo, unordered, happensBefore, concurrent, ghostOf } from './types.ts';
export type { Network, GlobalState, Event, SystemSpec, System, Role, Observer, Observed } from './types.ts';
export { messageCounter } from './observers.ts';

/** The roles of a spec, in id order (a single-role spec has one, named after its protocol). */
function rolesOf<L, M extends Message>(spec: SystemSpec<L, M>): [string, Role][] {
  if (spec.roles !== undefined) {
    if (spec.protocol !== undefined || spec.n !== undefined) throw new UsageError('a system has either roles or a protocol and n, not both');
    const rs = Object.entries(spec.roles);
    if (rs.length === 0) throw new UsageError('a system needs at least one role');
    for (const [r, role] of rs) {
      if (!Number.isInteger(role.count) || role.count < 1) throw new UsageError(`role ${r} needs a positive count of processes, got ${role.count}`);
    }
    return rs;
  }
  if (spec.protocol === undefined) throw new UsageError('a system needs a protocol and n, or roles');
  if (!Number.isInteger(spec.n) || (spec.n as number) < 1) throw new UsageError(`n must be a positive integer, got ${spec.n}`);
  return [[spec.protocol.name, { protocol: spec.protocol, count: spec.n as number }]];
}

/** Composes protocols, a network and a workload. Checks the parameters now; compiles lazily. */
export function system<L, M extends Message>(spec: SystemSpec<L, M>): System<L, M> {
  const roles = rolesOf(spec);
  const n = roles.reduce((k, [, r]) => k + r.count, 0);
  if (n > 64) throw new UsageError(`n must be at most 64, got ${n}`);
  const crashes = spec.crashes ?? 0;
  if (!Number.isInteger(crashes) || crashes < 0 || crashes > n) throw new UsageError(`crashes must be an integer from 0 to n=${n}, got ${crashes}`);
  if (crashes > 0 && n > 30) throw new UsageError(`crashes need n <= 30, got n=${n}`);
  if (spec.mayCrash !== undefined && crashes === 0) throw new UsageError('mayCrash is given, but crashes is 0: no process may crash (give crashes: k)');
  for (const [a, k] of Object.entries(spec.workload ?? {})) {
    if (!roles.some(([, r]) => a in r.protocol.actions)) {
      const who = roles.length === 1 ? roles[0][1].protocol.name : `any role (${roles.map(([r]) => r).join(', ')})`;
      throw new UsageError(`workload names action '${a}', which ${who} does not have`);
    }
    if (!Number.isInteger(k) || k < 0) throw new UsageError(`workload for '${a}' must be a non-negative integer, got ${k}`);
  }
  const name = spec.name ?? (roles.length === 1 ? roles[0][1].protocol.name : roles.map(([, r]) => r.protocol.name).join('+'));
  return { name, spec, n, [COMPILE]: () => compileSystem(spec, name, roles, n) };
}

function compileSystem<L, M extends Message>(spec: SystemSpec<L, M>, name: string, roles: readonly [string, Role][], n: number): Compiled {
  // ---- processes and roles ------------------------------------------------------------------------
  const peers: Record<string, number[]> = {};
  const roleOf: string[] = [];
  for (const [r, role] of roles) {
    peers[r] = [];
    for (let i = 0; i < role.count; i++) {
      peers[r].push(roleOf.length);
      roleOf.push(r);
    }
  }
  Object.values(peers).forEach((ids) => Object.freeze(ids));
  Object.freeze(peers);
  const procs: Proc<L, M>[] = roleOf.map((r, p) => {
    const protocol = (roles.find(([x]) => x === r) as [string, Role])[1].protocol as Protocol<L, M, M>;
    const actionNames = Object.keys(protocol.actions);
    const limits = actionNames.map((a) => spec.workload?.[a] ?? Infinity);
    return { protocol, ctx: contextOf(p, n, peers), actionNames, limits, limited: actionNames.map((_, i) => i).filter((i) => limits[i] !== Infinity) };
  });

  // ---- layout -----------------------------------------------------------------------------------------
  const C = n * (n - 1); // channels
  const causal = spec.causality ?? false;
  const HIST = n;
  const CRASH = HIST + (causal ? n : 0);
  const faults = crashStop(spec.crashes ?? 0, CRASH);
  /** spec.mayCrash of process p in local state comp (a model function: its errors name it). */
  const mayCrash =
    spec.mayCrash === undefined
      ? undefined
      : (p: number, comp: number): boolean => {
          const where = `${name}.mayCrash`;
          return call(where, () => truthOf(where, (spec.mayCrash as (p: number, s: L) => boolean)(p, local.comps.values[comp].state))) === true;
        };
  const OBS = CRASH + faults.slots;
  const observerList: Observer<any, L, M>[] = [...(spec.countMessages ? [messageCounter(n) as Observer<any, L, M>] : []), ...(spec.observers ?? [])];
  const obs = observers(observerList);
  const CHAN = OBS + obs.count;
  const width = CHAN + C;

  /** Channel index of (from → to). */
  const chanOf = (from: number, to: number): number => from * (n - 1) + (to < from ? to : to - 1);
  const chanFrom = new Int32Array(C);
  const chanTo = new Int32Array(C);
  for (let f = 0; f < n; f++) for (let t = 0; t < n; t++) if (f !== t) { chanFrom[chanOf(f, t)] = f; chanTo[chanOf(f, t)] = t; }

  const local = steps(procs, chanOf, chanTo);
  const net = channels(spec.network);
  const cause = causality<L, M>(n, local.msgs, chanTo);
  /** The message of a channel entry (a tag in causal systems). */
  const msgOfEntry = (e: number): number => (causal ? cause.msgOf(e) : e);
  const EMPTY = net.EMPTY;

  // ---- observers see each step ----------------------------------------------------------------------
  // What the step being taken is, for observers: set before `observe` is called, read by `observedNow`
  // only when an observer's memo misses (no closure per step).
  let obsOutcome: Outcome<L> | null = null;
  let obsKind: Observed<L, M>['kind'] = 'local';
  let obsP = 0;
  let obsEntry = -1;
  let obsFrom = -1;
  const observedNow = (): Observed<L, M> => {
    const o = obsOutcome as Outcome<L>;
    const before = local.comps.values[o.prev].state;
    return { p: o.p, role: roleOf[o.p], kind: obsKind, action: o.action, ...(o.msg >= 0 ? { msg: local.msgs.values[o.msg], from: o.from } : {}), before, after: o.after, sent: local.sentOf(o) };
  };
  /** Observers' memo key of a duplicate delivery (apart from the steps' own ids and the environment's keys). */
  const DUPLICATE_KEYS = -(2 ** 30);
  const observedEnv = (v: Int32Array): Observed<L, M> => {
    const state = local.comps.values[v[obsP]].state;
    if (obsKind === 'crash') return { p: obsP, role: roleOf[obsP], kind: 'crash', action: 'crash', before: state, after: state, sent: [] };
    const msg = local.msgs.values[msgOfEntry(obsEntry)];
    return { p: obsP, role: roleOf[obsP], kind: 'lose', action: msg.type, msg, from: obsFrom, before: state, after: state, sent: [] };
  };
  /** Keys of environment steps for the observers' memo (negative: apart from the steps' keys). */
  const envKeys = new Map<string, number>();
  const envKey = (k: string): number => {
    let r = envKeys.get(k);
    if (r === undefined) envKeys.set(k, (r = -1 - envKeys.size));
    return r;
  };

  // ---- expansion ----------------------------------------------------------------------------------
  type Emit = (s: Int32Array, l: number, delta?: Int32Array, step?: Outcome<L>) => void;
  const scratch = new Int32Array(width);
  let described: StepLabel[] | null = null;

  // The slots a successor changes, as (slot, value) pairs, so the explorer hashes only those:
  // deltaViews[k] is the first k pairs (views made once; the buffer is rewritten per successor).
  const deltaBuf = new Int32Array(2 * width);
  const deltaViews = Array.from({ length: width + 1 }, (_, k) => deltaBuf.subarray(0, 2 * k));
  let dn = 0;
  const touch = (slot: number): void => {
    for (let j = 0; j < dn; j += 2) {
      if (deltaBuf[j] === slot) {
        deltaBuf[j + 1] = scratch[slot];
        return;
      }
    }
    deltaBuf[dn++] = slot;
    deltaBuf[dn++] = scratch[slot];
  };
  /** The delta of the successor in scratch: process p's slots (p ≥ 0), the observers', channel ch (≥ 0), o's sends, the faults' (crash). */
  const deltaOf = (p: number, o: Outcome<L> | undefined, ch: number, crash = false): Int32Array => {
    dn = 0;
    if (p >= 0) {
      touch(p);
      if (causal) touch(HIST + p);
    }
    for (let k = 0; k < obs.count; k++) touch(OBS + k);
    if (ch >= 0) touch(CHAN + ch);
    if (o !== undefined) for (let i = 0; i < o.sends.length; i += 2) touch(CHAN + o.sends[i]);
    if (crash) for (let k = 0; k < faults.slots; k++) touch(CRASH + k);
    return deltaViews[dn >> 1];
  };

  /** Process p takes step o (scratch already holds the state with the delivered message removed; tag -1: local, -2: delivery without causality). */
  const takeStep = (v: Int32Array, p: number, o: Outcome<L>, tag: number, kind: 'local' | 'receive' | 'duplicate'): void => {
    scratch[p] = o.next;
    let vt = 0;
    if (causal) {
      // A declared delivery looks its multicast up in the other processes' histories: such a
      // step may not commute with theirs, so partial-order reduction stops (a full search).
      if (o.app.deliver.length > 0) por.dependent('a step that declares deliveries to the application (it reads other processes\' histories)');
      scratch[HIST + p] = cause.extend(p, v[HIST + p], o, tag, o.from, (q) => v[HIST + q]);
      vt = cause.lastVt;
    }
    if (obs.count > 0) {
      obsOutcome = o;
      obsKind = kind;
      obs.step(v, scratch, OBS, kind === 'duplicate' ? DUPLICATE_KEYS - o.id : o.id, observedNow);
    }
    const sends = o.sends;
    for (let i = 0; i < sends.length; i += 2) {
      const k = CHAN + sends[i];
      scratch[k] = net.push(scratch[k], causal ? cause.tagOf(sends[i + 1], vt) : sends[i + 1]);
    }
  };
  const deliver = (v: Int32Array, ch: number, entry: number, rest: number, label: number, emit: Emit): number => {
    const to = chanTo[ch];
    const from = chanFrom[ch];
    const o = local.receive(to, from, v[to], msgOfEntry(entry));
    scratch.set(v);
    scratch[CHAN + ch] = rest;
    takeStep(v, to, o, causal ? entry : -2, 'receive');
    if (described) described.push(local.labelOf(o));
    emit(scratch, label++, deltaOf(to, o, ch), o);
    if (net.duplicating) {
      scratch.set(v);
      takeStep(v, to, o, causal ? entry : -2, 'duplicate');
      if (described) {
        const l = local.labelOf(o);
        described.push({ ...l, action: `${l.action} (a duplicate stays in flight)`, kind: 'duplicate' });
      }
      emit(scratch, label++, deltaOf(to, o, -1));
    }
    return label;
  };

  /**
   * mask (partial-order reduction): emit only the steps of these processes, with the labels of the
   * full expansion. A process's step is emitted with its outcome (the reduction counts its sends).
   */
  const expand = (v: Int32Array, emit: Emit, mask = -1, onlyChan = -1): void => {
    let label = 0;
    const crashedMask = faults.crashedMask(v);
    for (let p = 0; p < n; p++) {
      if (crashedMask & (1 << p)) continue;
      const outs = local.localSteps(p, v[p]);
      // (onlyChan ≥ 0, partial-order reduction: only the receipts from that channel.)
      if (!(mask & (1 << p)) || onlyChan >= 0) {
        label += outs.length;
        continue;
      }
      for (let i = 0; i < outs.length; i++) {
        const o = outs[i];
        scratch.set(v);
        takeStep(v, p, o, -1, 'local');
        if (described) described.push(local.labelOf(o));
        emit(scratch, label++, deltaOf(p, o, -1), o);
      }
    }
    for (let ch = 0; ch < C; ch++) {
      const c = v[CHAN + ch];
      if (c === EMPTY) continue;
      if (crashedMask & (1 << chanTo[ch])) continue; // a crashed process receives nothing
      if (!(mask & (1 << chanTo[ch])) || (onlyChan >= 0 && ch !== onlyChan)) {
        label += (net.isFifo ? 1 : net.distinct(c).length) * (net.duplicating ? 2 : 1) + (net.lossy ? net.losses(c).length / 2 : 0);
        continue;
      }
      if (net.isFifo) {
        label = deliver(v, ch, net.entries(c)[0], net.tail(c), label, emit);
      } else {
        const ds = net.distinct(c);
        for (let i = 0; i < ds.length; i++) label = deliver(v, ch, ds[i], net.remove(c, ds[i]), label, emit);
      }
      if (net.lossy) {
        const losses = net.losses(c);
        for (let i = 0; i < losses.length; i += 2) {
          scratch.set(v);
          scratch[CHAN + ch] = losses[i];
          const entry = losses[i + 1];
          if (obs.count > 0) {
            obsOutcome = null;
            obsKind = 'lose';
            obsP = chanTo[ch];
            obsFrom = chanFrom[ch];
            obsEntry = entry;
            obs.step(v, scratch, OBS, envKey(`lose ${v[chanTo[ch]]} ${ch} ${msgOfEntry(entry)}`), () => observedEnv(v));
          }
          if (described) {
            const msg = local.msgs.values[msgOfEntry(entry)];
            described.push({ actor: 'env', action: `loses ${show(msg)} from P${chanFrom[ch]} to P${chanTo[ch]}`, kind: 'lose', process: chanTo[ch], from: chanFrom[ch], msg });
          }
          emit(scratch, label++, deltaOf(-1, undefined, ch));
        }
      }
    }
    if (faults.mayCrash(v)) {
      for (let p = 0; p < n; p++) {
        if (crashedMask & (1 << p)) continue;
        if (mayCrash !== undefined && !mayCrash(p, v[p])) continue;
        scratch.set(v);
        faults.crash(scratch, p);
        if (obs.count > 0) {
          obsOutcome = null;
          obsKind = 'crash';
          obsP = p;
          obs.step(v, scratch, OBS, envKey(`crash ${p} ${v[p]}`), () => observedEnv(v));
        }
        if (described) described.push({ actor: 'env', action: `P${p} crashes`, kind: 'crash', process: p, ...(roles.length > 1 ? { role: roleOf[p] } : {}) });
        emit(scratch, label++, deltaOf(-1, undefined, -1, true));
      }
    }
    if (label > 0xffff) throw new ModelError(`a state has ${label} enabled steps; at most 65,535 are supported`);
  };

  // ---- what properties and traces see -------------------------------------------------------------------
  const view = views<L, M>({ n, C, HIST, OBS, CHAN, width, causal, roles: roleOf, peers, procs, chanFrom, chanTo, local, net, cause, obs, faults, msgOfEntry });

  // ---- partial-order reduction (checker/reduce/por.ts) ------------------------------------------------
  const por = porHooks({
    n, C, CHAN, chanFrom, chanTo, isFifo: net.isFifo, EMPTY,
    // (A merging network: a send and a receipt of an equal message on one channel do not commute,
    // receive-then-send leaving the message, send-then-receive none.)
    unsupported: faults.slots > 0 ? 'crashes' : net.lossy ? 'a lossy network' : net.duplicating ? 'a duplicating network' : net.merging ? 'a merging network' : obs.count > 0 ? 'observers' : undefined,
    causal,
    initialComps: () => procs.map(({ protocol, ctx, limited }) => local.intern(call(`${protocol.name}.init`, () => protocol.init(ctx as Context)), limited.map(() => 0))),
    localSteps: (p, comp) => local.localSteps(p, comp),
    receive: (p, from, comp, m) => local.receive(p, from, comp, m),
    localStates: () => local.comps.size,
    typeOf: (m) => String((local.msgs.values[m] as { type?: unknown }).type),
    // (Those of the properties whose reads are kept invisible: not the stable or quiescent ones.)
    localReads: (spec.properties ?? []).flatMap((pr) => (pr.stable || pr.kind === 'quiescent' || pr.kind === 'sometimes' ? [] : (pr.readsLocal ?? []))),
    witnessLocalReads: (spec.properties ?? []).flatMap((pr) => (!pr.stable && pr.kind === 'sometimes' ? (pr.readsLocal ?? []) : [])),
    stateOf: (comp) => local.comps.values[comp].state,
    usedOf: (comp) => local.comps.values[comp].used,
    // Channel entries are tags (message, send time) in causal systems: the reduction sees the messages.
    distinct: (c) => (causal ? Int32Array.from(net.distinct(c), msgOfEntry) : net.distinct(c)),
    head: (c) => msgOfEntry(net.entries(c)[0]),
    entries: (c) => (causal ? Int32Array.from(net.entries(c), msgOfEntry) : net.entries(c)),
    expand,
  });
  const tracker = trackerOf(por) as <G extends object>(g: G) => G;
  const viewTracker = trackerOf(por, false) as <G extends object>(g: G) => G;
  const untracked = <G extends object>(g: G): G => g;

  const properties: CompiledProperty[] = (spec.properties ?? []).map((pr) => {
    const where = `property ${pr.name}`;
    const test = pr.holds as (g: GlobalState<L, M>, i?: number) => boolean;
    const q = pr.leadsTo as ((g: GlobalState<L, M>, i?: number) => boolean) | undefined;
    const instances = pr.instances;
    // What partial-order reduction must keep invisible (checker/reduce/por.ts): the reads of every
    // property but those declared stable and those read at quiescence only (the reduction keeps
    // every state with no step); a witness's only once a search has missed one (witnessesTracked).
    // One declared to read local states through functions has its reads of them compared instead
    // of its reads of their fields (readsLocal).
    const tracked = pr.readsLocal !== undefined ? viewTracker : tracker;
    const always = pr.stable || pr.kind === 'quiescent' ? untracked : tracked;
    const track: <G extends object>(g: G) => G = pr.kind === 'sometimes' && always === tracked ? (g) => (por.witnessesTracked ? tracked(g) : g) : always;
    const through = pr.readsLocal as readonly ((s: unknown) => unknown)[] | undefined;
    return {
      name: pr.name,
      kind: pr.kind,
      description: pr.description,
      holds: (v: Int32Array, i?: number): boolean => {
        const g = view.fill(v);
        enter(where, g);
        try {
          return truthOf(where, test(track(g), i));
        } catch (e) {
          throw blame(where, e);
        } finally {
          leave();
        }
      },
      // Liveness: q, the number of instances, and p and q of every instance from one fill.
      ...(pr.stable ? { stable: true } : {}),
      // (A component is a local state and its workload counters: the counters, read through g.used, are
      // not the declaration's business, so components are told apart by them too.)
      ...(through !== undefined ? { readsLocal: { n, key: (p: number, comp: number) => call(where, () => keyOf([local.comps.values[comp].used, through.map((f) => f(local.comps.values[comp].state))])) } } : {}),
      ...(q ? { leadsTo: (v: Int32Array, i: number): boolean => call(where, () => truthOf(where, q(track(view.fill(v)), i))) } : {}),
      ...(instances ? { instances: (v: Int32Array): number => call(where, () => instances(view.fill(v))) } : {}),
      ...(q
        ? {
            both: (v: Int32Array, count: number, out: Uint8Array): void => {
              try {
                const g = track(view.fill(v));
                for (let i = 0; i < count; i++) {
                  out[2 * i] = test(g, i) ? 1 : 0;
                  out[2 * i + 1] = q(g, i) ? 1 : 0;
                }
              } catch (e) {
                throw blame(where, e);
              }
            },
          }
        : {}),
      ...(pr.reason ? { reason: (v: Int32Array, i?: number) => call(`${where}.reason`, () => (pr.reason as (g: GlobalState<L, M>, i?: number) => string | undefined)(view.fill(v), i)) } : {}),
      ...(pr.instanceName ? { instanceName: (v: Int32Array, i: number) => call(`${where}.instanceName`, () => (pr.instanceName as (g: GlobalState<L, M>, i: number) => string)(view.fill(v), i)) } : {}),
    };
  });

  /** Every channel to a live process is empty and every live process is at rest with its workload used up. */
  const defaultEnd = (v: Int32Array): boolean => {
    const crashedMask = faults.crashedMask(v);
    for (let ch = 0; ch < C; ch++) if (v[CHAN + ch] !== EMPTY && !(crashedMask & (1 << chanTo[ch]))) return false;
    for (let p = 0; p < n; p++) {
      if (crashedMask & (1 << p)) continue;
      const { protocol, ctx, limited, limits } = procs[p];
      const isDone = protocol.isDone;
      if (isDone && !call(`${protocol.name}.isDone`, () => isDone(local.comps.values[v[p]].state, ctx))) return false;
      const u = local.comps.values[v[p]].used;
      for (let i = 0; i < limited.length; i++) if (u[i] < limits[limited[i]]) return false;
    }
    return true;
  };

  // Fairness groups of the steps, in expansion order (liveness only; see fairness.ts).
  const fairness = systemFairness<L, M>({
    n,
    C,
    CHAN,
    procs,
    net,
    chanFrom,
    chanTo,
    msgs: local.msgs.values,
    msgOf: msgOfEntry,
    localSteps: (p, v) => local.localSteps(p, v[p]),
    crashedMask: (v) => faults.crashedMask(v),
    crashSteps: (v) => {
      if (!faults.mayCrash(v)) return 0;
      if (mayCrash === undefined) return n - popcount(faults.crashedMask(v));
      // As expand offers them: the live processes that mayCrash allows.
      let k = 0;
      for (let p = 0, crashed = faults.crashedMask(v); p < n; p++) if (!(crashed & (1 << p)) && mayCrash(p, v[p])) k++;
      return k;
    },
  });

  return {
    name,
    width,
    fairness,
    initial(emit) {
      scratch.fill(0);
      const initialStates: L[] = [];
      for (let p = 0; p < n; p++) {
        const { protocol, ctx, limited } = procs[p];
        const s = call(`${protocol.name}.init`, () => protocol.init(ctx as Context));
        scratch[p] = local.intern(s, limited.map(() => 0));
        initialStates.push(local.comps.values[scratch[p]].state);
        if (causal) scratch[HIST + p] = cause.EMPTY_HIST;
      }
      obs.init(initialStates, scratch, OBS);
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
    decode: view.decode,
    groundFields: view.groundFields,
    properties,
    within: undefined,
    por,
    symmetry: systemSymmetry(spec.symmetric, { n, peers, CHAN, chanOf, CRASH: faults.slots > 0 ? CRASH : -1, causal, observers: obs.count }),
    isEnd: spec.isEnd ? (v) => call('isEnd', () => (spec.isEnd as (g: GlobalState<L, M>) => boolean)(view.fill(v))) : defaultEnd,
    checkDeadlock: spec.checkDeadlock ?? true,
    ...(spec.shade ? { shade: { label: spec.shade.label, processes: n, holds: (v: Int32Array, p: number) => call(`shade ${spec.shade?.label}`, () => (spec.shade as { holds: (s: L) => boolean }).holds(local.comps.values[v[p]].state)) } } : {}),
    deadlockReason: (v) => {
      const g = view.fill(v);
      return stuckReason({
        ...g,
        atRest: g.procs.map((s, p) => {
          const { protocol, ctx } = procs[p];
          const isDone = protocol.isDone;
          return isDone ? call(`${protocol.name}.isDone`, () => isDone(s, ctx as Context)) : true;
        }),
        workLeft: g.procs.map((_, p) => {
          const { limited, limits, actionNames } = procs[p];
          const u = local.comps.values[v[p]].used;
          return limited.flatMap((a, i) => (u[i] < limits[a] ? [`${actionNames[a]} ${u[i]}/${limits[a]}`] : []));
        }),
      });
    },
    stats: () => ({
      localStates: local.comps.size,
      memoisedSteps: local.count,
      messages: local.msgs.size,
      channelContents: net.size,
      ...(causal ? cause.stats() : {}),
      ...obs.stats(),
    }),
  };
}
