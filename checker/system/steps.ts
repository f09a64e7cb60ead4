/**
 * Calling the protocol's code, once per distinct input: each process's local state (with its
 * workload counters) is interned to a number, and the local actions enabled in it, and the result
 * of each handler on each message from each sender, are memoised as outcomes. Almost every step the
 * explorer takes is then a few array look-ups.
 *
 * Purity is checked here: inputs are frozen (a handler that mutates one throws), and every handler,
 * guard and action is called twice on its first DETERMINISM_CHECKS distinct inputs.
 */
import type { Context, Message, Protocol, Send, Step } from '../../src/protocol.ts';
import { ModelError, NotPlainDataError, blame, call } from '../errors.ts';
import { DETERMINISM_CHECKS, type StepLabel } from '../model.ts';
import { enter, leave } from '../running.ts';
import { show } from '../trace.ts';
import { Interner, describeValue, equalData, keyOf, notPlainData } from '../values.ts';
import { describeDifference } from '../describe.ts';
import { appDeclOf, type AppDecl } from '../delivery.ts';
import { put } from './network.ts';

/** The result of one local step, interned. sends = [channel, message, channel, message, …]. */
export interface Outcome<L> {
  /** Numbered in creation order (names the step for causality and observers). */
  readonly id: number;
  /** The local action's name, or the delivered message's type. */
  readonly action: string;
  /** The component before and after. */
  readonly prev: number;
  readonly next: number;
  /** The local state after. */
  readonly after: L;
  readonly sends: Int32Array;
  /** The process that takes the step. */
  readonly p: number;
  /** For a delivery: the sender and the message's number (-1 for a local action). */
  readonly from: number;
  readonly msg: number;
  /** What the step declared to the application (multicasts, deliveries). */
  readonly app: AppDecl;
}

/** Local component: protocol state plus workload counters. */
export interface Component<L> {
  readonly state: L;
  readonly used: readonly number[];
}

/** One process as the composer sees it: its role's protocol and its context. */
export interface Proc<L, M extends Message> {
  readonly protocol: Protocol<L, M, M>;
  readonly ctx: Context;
  /** Names of the role's local actions, in order; limits[i] for each (Infinity: unlimited). */
  readonly actionNames: readonly string[];
  readonly limits: readonly number[];
  /** Indices (into actionNames) of the workload-limited actions. */
  readonly limited: readonly number[];
}

/** The sends of a step that sends nothing (shared: most steps send nothing). */
const NO_SENDS = new Int32Array(0);

export interface Steps<L, M extends Message> {
  readonly comps: Interner<Component<L>>;
  readonly msgs: Interner<M>;
  /** The component of local state s with workload counters `used`. */
  intern(s: L, used: readonly number[]): number;
  /** Enabled local actions of process p in component comp. */
  localSteps(p: number, comp: number): Outcome<L>[];
  /** Process p in component comp handles message m from `from`. */
  receive(p: number, from: number, comp: number, m: number): Outcome<L>;
  /** Who did what in step o; made only when a trace is printed. */
  labelOf(o: Outcome<L>): StepLabel;
  /** The messages sent in step o. */
  sentOf(o: Outcome<L>): Send<M>[];
  readonly count: number;
}

export function steps<L, M extends Message>(procs: readonly Proc<L, M>[], chanOf: (from: number, to: number) => number, chanTo: Int32Array): Steps<L, M> {
  const n = procs.length;
  const multiRole = procs.some((pr) => pr.ctx.role !== procs[0].ctx.role);
  const comps = new Interner<Component<L>>('local states');
  const msgs = new Interner<M>('messages');

  const checksLeft = new Map<string, number>();
  const checkNow = (where: string): boolean => {
    const left = checksLeft.get(where) ?? DETERMINISM_CHECKS;
    if (left === 0) return false;
    checksLeft.set(where, left - 1);
    return true;
  };
  const pure = (where: string, f: () => Step<L, M>, input?: unknown, arg?: unknown): Step<L, M> => {
    const a = call(where, f, input, arg);
    if (!checkNow(where)) return a;
    const bad = notPlainData(a, 'result');
    if (bad !== undefined) throw new NotPlainDataError(bad, where);
    const b = call(where, f, input, arg);
    // Not frozen here: the interners freeze what they keep, and most results are already known.
    if (!equalData(a, b)) throw new ModelError(`${where} is not deterministic: the same input gave ${describeDifference(a, b)}${input !== undefined ? ` (in state ${describeValue(input)})` : ''}`, where);
    return a;
  };
  const intern = (s: L, used: readonly number[]): number => comps.intern({ state: s, used });
  /** intern (a local state, or with `used` undefined a message) returned by `where`, which is named if it is not plain data. */
  const internFrom = (where: string, x: unknown, used: readonly number[] | undefined): number => {
    try {
      return used === undefined ? msgs.intern(x as M) : intern(x as L, used);
    } catch (e) {
      throw blame(where, e);
    }
  };

  let outcomeCount = 0;
  const outcome = (p: number, where: string, action: string, r: Step<L, M>, prev: number, used: readonly number[], from: number, m: number): Outcome<L> => {
    if (typeof r !== 'object' || r === null || !('state' in r)) {
      throw new ModelError(`${where} must return { state, send? }, got ${describeValue(r)}`, where);
    }
    const sends = r.send ?? [];
    const flat = sends.length === 0 ? NO_SENDS : new Int32Array(sends.length * 2);
    for (let i = 0; i < sends.length; i++) {
      const s: Send<M> = sends[i];
      if (!Number.isInteger(s.to) || s.to < 0 || s.to >= n) throw new ModelError(`${where} sends to process ${s.to}, which does not exist (n=${n})`, where);
      if (s.to === p) throw new ModelError(`${where} sends to its own process P${p}`, where);
      const type = (s.msg as Message | undefined)?.type;
      const receiver = procs[s.to];
      if (typeof type !== 'string' || !(type in receiver.protocol.handlers)) {
        const whom = multiRole ? ` to P${s.to} (${receiver.ctx.role})` : '';
        throw new ModelError(`${where} sends a message of type ${keyOf(type)}${whom}, which has no handler`, where);
      }
      flat[2 * i] = chanOf(p, s.to);
      flat[2 * i + 1] = internFrom(where, s.msg, undefined);
    }
    const next = internFrom(where, r.state, used);
    return { id: outcomeCount++, action, prev, next, after: comps.values[next].state, sends: flat, p, from, msg: m, app: appDeclOf(r, where) };
  };
  const sentOf = (o: Outcome<L>): Send<M>[] => Array.from({ length: o.sends.length / 2 }, (_, i) => ({ to: chanTo[o.sends[2 * i]], msg: msgs.values[o.sends[2 * i + 1]] }));
  const labelOf = (o: Outcome<L>): StepLabel => {
    const sent = sentOf(o);
    const role = multiRole ? { role: procs[o.p].ctx.role } : {};
    const app = { ...(o.app.multicasts.length ? { multicasts: o.app.multicasts } : {}), ...(o.app.deliver.length ? { delivered: o.app.deliver } : {}) };
    if (o.msg < 0) return { actor: `P${o.p}`, action: o.action, kind: 'local', process: o.p, ...role, name: o.action, sent, ...app };
    const msg = msgs.values[o.msg];
    return { actor: `P${o.p}`, action: `receives ${show(msg)} from P${o.from}`, kind: 'receive', process: o.p, ...role, name: msg.type, from: o.from, msg, sent, ...app };
  };

  // ---- memoised local steps -----------------------------------------------------------------------
  /** localMemo[p][component]: the enabled local actions and their outcomes. */
  const localMemo: (Outcome<L>[] | undefined)[][] = Array.from({ length: n }, () => []);
  const actionWhere = procs.map((pr) => pr.actionNames.map((a) => `${pr.protocol.name}.actions.${a}`));
  const guardWhere = actionWhere.map((ws) => ws.map((w) => `${w}.guard`));
  const callGuard = (p: number, a: number, state: L, ctx: Context): boolean => {
    const guard = procs[p].protocol.actions[procs[p].actionNames[a]].guard;
    const where = guardWhere[p][a];
    let g1: boolean;
    let g2: boolean;
    enter(where, state);
    try {
      g1 = guard(state, ctx);
      g2 = checkNow(where) ? guard(state, ctx) : g1;
    } catch (e) {
      throw blame(where, e);
    } finally {
      leave();
    }
    if (g1 !== g2) throw new ModelError(`${where} is not deterministic: the same state gave ${g1} and then ${g2} (in state ${describeValue(state)})`, where);
    return g1;
  };
  // The look-ups below hold no closures: a function that creates one allocates a context on every
  // call, even when its fast path returns first. What calls user code lives in the *Miss functions.
  const localSteps = (p: number, comp: number): Outcome<L>[] => {
    const r = localMemo[p][comp];
    return r !== undefined ? r : localStepsMiss(p, comp);
  };
  const localStepsMiss = (p: number, comp: number): Outcome<L>[] => {
    const r: Outcome<L>[] = [];
    const { state, used } = comps.values[comp];
    const pr = procs[p];
    const ctx = pr.ctx;
    for (let a = 0; a < pr.actionNames.length; a++) {
      const li = pr.limited.indexOf(a);
      if (li >= 0 && used[li] >= pr.limits[a]) continue;
      if (!callGuard(p, a, state, ctx)) continue;
      const where = `${actionWhere[p][a]}.run`;
      const action = pr.actionNames[a];
      const run = pr.protocol.actions[action].run;
      const res = pure(where, () => run(state, ctx), state);
      const nextUsed = li >= 0 ? used.map((u, i) => (i === li ? u + 1 : u)) : used;
      r.push(outcome(p, where, action, res, comp, nextUsed, -1, -1));
    }
    put(localMemo[p], comp, r);
    return r;
  };

  /** recvMemo[p][from][component][message]. */
  const recvMemo: (Outcome<L>[] | undefined)[][][] = Array.from({ length: n }, () => Array.from({ length: n }, () => []));
  const handlerWhere = procs.map(() => new Map<string, string>());
  const receive = (p: number, from: number, comp: number, m: number): Outcome<L> => {
    const byComp = recvMemo[p][from][comp];
    if (byComp !== undefined) {
      const r = byComp[m];
      if (r !== undefined) return r;
    }
    return receiveMiss(p, from, comp, m);
  };
  const receiveMiss = (p: number, from: number, comp: number, m: number): Outcome<L> => {
    let byComp = recvMemo[p][from][comp];
    if (byComp === undefined) byComp = put(recvMemo[p][from], comp, []);
    const { state, used } = comps.values[comp];
    const msg = msgs.values[m];
    const pr = procs[p];
    const handler = (pr.protocol.handlers as unknown as Record<string, (s: L, m: M, f: number, c: Context) => Step<L, M>>)[msg.type];
    let where = handlerWhere[p].get(msg.type);
    if (where === undefined) handlerWhere[p].set(msg.type, (where = `${pr.protocol.name}.handlers.${msg.type}`));
    const res = pure(where, () => handler(state, msg, from, pr.ctx), state, msg);
    return put(byComp, m, outcome(p, where, msg.type, res, comp, used, from, m));
  };

  return {
    comps,
    msgs,
    intern,
    localSteps,
    receive,
    labelOf,
    sentOf,
    get count() {
      return outcomeCount;
    },
  };
}
