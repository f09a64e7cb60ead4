/**
 * The mutex family's scheme: every algorithm is one protocol plus a view, and every model of the
 * family is built here from the same parameters, so the four algorithms are checked alike.
 *
 *   <algorithm>         mutual exclusion, witnesses, no deadlock (params n, entries, crashes=0)
 *   <algorithm>-crash   the same with one crash-stop allowed (crashes=1): expected to fail
 *   <algorithm>-cost    with message counters: the exact message cost per entry
 *   <algorithm>-fifo    FIFO fairness by happens-before between requests; for the token ring,
 *                       where contending requests are never causally ordered (so that holds
 *                       vacuously), in real time instead
 *
 * Counters and causal bookkeeping add state, so they live only in the -cost and -fifo instances;
 * the plain instance has exactly the states of the protocol (Ricart–Agrawala's agree with SPIN).
 */
import { fifo, system, type Checkable, type ModelDefinition, type GlobalState, type Message, type Network, type Property, type Protocol, type Role, type System, type SystemSpec } from 'interleave';
import {
  everyEntryDone,
  fifoFairnessByKnowledge,
  inRealTime,
  knowingView,
  messageCost,
  mutexLiveness,
  mutexProperties,
  mutualExclusion,
  noDeadlock,
  orderedContentionByKnowledge,
  entersWhileCrashed,
  properEnd,
  withRequestKnowledge,
  type MutexView,
  type RequestKnowledge,
} from '../../spec/mutex.ts';
import { bundledModel } from '../manifest.ts';

/**
 * One algorithm of the family, registered once: its instances are generated from it (see
 * `instancesOf`). Its processes are one protocol that n competing processes run, or roles (the
 * central server: a coordinator and n clients).
 */
export type Algorithm<L, M extends Message> = AlgorithmFacts<L, M> &
  ({ readonly protocol: Protocol<L, M>; readonly roles?: undefined } | { readonly roles: (n: number) => Readonly<Record<string, Role<any, any, any>>>; readonly protocol?: undefined });

/** What an algorithm is, apart from its processes. */
export interface AlgorithmFacts<L, M extends Message> {
  /** The plain model's name; the instances add -cost, -fifo, -crash. */
  readonly name: string;
  readonly view: MutexView<L>;
  readonly network?: Network;
  /** Further workload limits (e.g. a mutant's timeout). */
  readonly workload?: Readonly<Record<string, number>>;
  /** Messages per entry and the formula, for the -cost instance. */
  readonly cost?: (n: number) => { readonly perEntry: number; readonly formula: string };
  /** The plain instance declares its processes interchangeable (for `--symmetry`, which checks the claim). */
  readonly symmetric?: boolean;
  /** Entries per process at the defaults of the plain, -cost and -fifo instances (the -crash one takes 1). */
  readonly entries: number;
  /**
   * entries=0 means "request forever" (with the liveness properties): only for algorithms whose
   * state does not grow with the entries (the token ring, the central server). With the largest n.
   */
  readonly forever?: { readonly maxN: number };
  /** The -fifo instance: FIFO fairness by happens-before (an invariant) or, where that holds vacuously, in real time (a witness of unfairness). */
  readonly fairness: 'happens-before' | 'real time';
  /** The witnesses the -fifo instance's parameters rule out (`ModelDefinition.ruledOut`). */
  readonly fifoRuledOut?: (p: MutexParams) => Readonly<Record<string, string | undefined>>;
  /** What each instance shows, for `interleave list`; an instance without a description is not generated. */
  readonly describe: { readonly plain: string; readonly cost?: string; readonly fifo?: string; readonly crash?: string; readonly crashIdle?: string };
}

/** Parameters every model of the family takes. */
export type MutexParams = {
  readonly n: number;
  readonly entries: number;
  /** Optional for callers that build a model directly: absent means 0. */
  readonly crashes?: number;
};

/** Parameter specs: n and entries with the given defaults, crashes (default `crashes`). */
export function mutexParams(defaults: { n: number; entries: number; crashes?: number }, maxN = 8, forever = false) {
  return {
    n: { default: defaults.n, min: 2, max: maxN, description: 'number of processes competing for the critical section' },
    entries: { default: defaults.entries, min: forever ? 0 : 1, max: 10, description: forever ? 'critical-section entries per process (0: request forever, and check liveness)' : 'critical-section entries per process' },
    crashes: { default: defaults.crashes ?? 0, min: 0, max: 1, description: 'processes that may crash-stop in a run' },
  };
}

type Extra<L, M> = { readonly properties: Property<GlobalState<L, M>>[]; readonly countMessages?: boolean; readonly symmetric?: boolean; readonly mayCrash?: (p: number, s: L) => boolean };

/** The processes of `alg` for n competing ones, as a system spec takes them (a protocol and n, or roles), named after the algorithm. */
export function processesOf<L, M extends Message>(alg: Algorithm<L, M>, n: number): Pick<SystemSpec<L, M>, 'protocol' | 'n' | 'roles' | 'name'> {
  return alg.roles ? { name: alg.name, roles: alg.roles(n) } : { protocol: alg.protocol, n };
}

/** `alg` with every protocol wrapped by `wrap` (the same layer around every role). */
function wrapped<L, M extends Message, L2, M2 extends Message>(alg: Algorithm<L, M>, wrap: (p: Protocol<any, any>) => Protocol<any, any>, view: MutexView<L2>): Algorithm<L2, M2> {
  const { protocol, roles } = alg;
  return {
    ...alg,
    view,
    protocol: protocol ? (wrap(protocol) as Protocol<L2, M2>) : undefined,
    roles: roles ? (n) => Object.fromEntries(Object.entries(roles(n)).map(([r, role]) => [r, { ...role, protocol: wrap(role.protocol) }])) : undefined,
  } as Algorithm<L2, M2>;
}

function build<L, M extends Message>(alg: Algorithm<L, M>, { n, entries, crashes = 0 }: MutexParams, extra: Extra<L, M>): System<L, M> {
  const request = alg.view.request ?? 'request';
  return system<L, M>({
    ...processesOf(alg, n),
    network: alg.network ?? fifo,
    // entries=0: the request is not limited (request forever).
    workload: { ...(entries > 0 ? { [request]: entries } : {}), ...alg.workload },
    properties: crashes > 0 ? [...extra.properties, noDeadlock(alg.view, entries)] : extra.properties,
    isEnd: properEnd(alg.view, entries),
    shade: { label: 'critical section', holds: alg.view.inCriticalSection },
    crashes,
    ...(extra.countMessages ? { countMessages: true } : {}),
    ...(extra.symmetric ? { symmetric: true } : {}),
    ...(extra.mayCrash ? { mayCrash: extra.mayCrash } : {}),
  });
}

/**
 * The plain instance: mutual exclusion, the witnesses, and no deadlock (the engine's check, with
 * every process at rest and its entries done as the proper end). With crashes allowed, the
 * quiescent property `no deadlock` is added, so that a blocked run names it.
 */
export function exclusionSystem<L, M extends Message>(alg: Algorithm<L, M>, params: MutexParams, options: { readonly symmetric?: boolean } = {}): System<L, M> {
  if (params.entries === 0) return build(alg, params, { properties: [...mutexProperties(alg.view), ...mutexLiveness(alg.view)], symmetric: options.symmetric });
  return build(alg, params, { properties: [...mutexProperties(alg.view), everyEntryDone(alg.view, params.entries)], symmetric: options.symmetric });
}

/** Parameters of the -crash-idle instance: the process that may crash. */
export type CrashIdleParams = MutexParams & { readonly victim: number };

/**
 * The -crash-idle instance, the notes' "Both Ricart & Agrawala and Lamport’s scheme have N points
 * of failure: doomed if any process dies": one process, `victim`, may crash-stop, and only while
 * it neither waits nor is in the critical section (a process that dies holding the lock blocks
 * any algorithm). The plain instance's properties, and `no deadlock`: every live process still
 * finishes its entries. A victim whose crash fails it is a point of failure of the algorithm.
 * (The token ring's idle process may hold the token to pass it on, or have it on its way to it:
 * its counterexamples lose the token with the victim, which any run must pass it to.)
 */
export function crashWhenIdleSystem<L, M extends Message>(alg: Algorithm<L, M>, params: CrashIdleParams): System<L, M> {
  const { victim } = params;
  const idle = (s: L): boolean => !alg.view.waiting(s) && !alg.view.inCriticalSection(s);
  const sys = build(alg, { n: params.n, entries: params.entries, crashes: 1 }, {
    properties: [...mutexProperties(alg.view), everyEntryDone(alg.view, params.entries), entersWhileCrashed(alg.view, params.entries)],
    mayCrash: (p, s) => p === victim && idle(s),
  });
  if (victim >= sys.n) throw new RangeError(`victim must be a process, below ${sys.n} (P0 to P${sys.n - 1}); got ${victim}`);
  return sys;
}

/** The -cost instance: message counters, and the exact cost per entry. */
export function messageCostSystem<L, M extends Message>(alg: Algorithm<L, M>, params: MutexParams): System<L, M> {
  if (!alg.cost) throw new Error(`${alg.name} has no fixed message cost per entry`);
  const { perEntry, formula } = alg.cost(params.n);
  return build(alg, params, {
    properties: [mutualExclusion(alg.view), messageCost(alg.view, perEntry, formula), everyEntryDone(alg.view, params.entries)],
    countMessages: true,
  });
}

/**
 * The -fifo instance: exact happens-before between requests, as protocol-level bookkeeping
 * (`withRequestKnowledge`: a vector clock restricted to request events; the engine's full causal
 * histories give the same verdicts at several times the states, and never end for the token
 * ring). FIFO fairness as an invariant (its counterexample is the witness of an unfair algorithm)
 * and a witness that causally ordered requests do contend (so the invariant is not vacuous).
 */
export function causalFairnessSystem<L extends object, M extends Message>(alg: Algorithm<L, M>, params: MutexParams): System<L & { readonly hb: RequestKnowledge }, M & { readonly seen: readonly number[] }> {
  const view = knowingView(alg.view);
  const request = alg.view.request ?? 'request';
  const knowing = wrapped<L, M, L & { readonly hb: RequestKnowledge }, M & { readonly seen: readonly number[] }>(alg, (p) => withRequestKnowledge(p, request), view);
  return build(knowing, params, { properties: [mutualExclusion(view), fifoFairnessByKnowledge(view), orderedContentionByKnowledge(view)] });
}

/**
 * FIFO fairness in real time: the plain instance under a ghost observer of the order in which the
 * processes asked (`inRealTime`), with `FIFO fairness (real time)` as an invariant (`fair`) or
 * `overtaken (real time)` as a witness.
 */
export function realTimeFairnessSystem<L, M extends Message>(alg: Algorithm<L, M>, params: MutexParams, fair: boolean): Checkable {
  return inRealTime(exclusionSystem(alg, params), alg.view, fair);
}

/** The parameters of an instance: n and entries with these defaults, crashes (default `crashes`). */
type Defaults = { n: number; entries: number; crashes?: number };

/**
 * The models of one algorithm, in the order `interleave list` shows them: the plain instance, then
 * -cost, -fifo and -crash where the algorithm describes them. Their pinned facts are in
 * models/manifest.json under the same names.
 */
export function instancesOf<L extends object, M extends Message>(alg: Algorithm<L, M>): ModelDefinition<MutexParams>[] {
  const network = (alg.network ?? fifo).order;
  const model = (suffix: string, description: string, defaults: Defaults, build: (p: MutexParams) => Checkable, ruledOut?: AlgorithmFacts<L, M>['fifoRuledOut']) =>
    bundledModel<MutexParams>({ name: alg.name + suffix, family: 'mutex', description, params: mutexParams(defaults, alg.forever?.maxN ?? 8, suffix === '' && alg.forever !== undefined), network, ...(ruledOut ? { ruledOut } : {}), build });
  const d = { n: 3, entries: alg.entries };
  const out = [model('', alg.describe.plain, d, (p) => exclusionSystem(alg, p, { symmetric: alg.symmetric }))];
  if (alg.describe.cost) out.push(model('-cost', alg.describe.cost, d, (p) => messageCostSystem(alg, p)));
  if (alg.describe.fifo) {
    const fifoBuild = alg.fairness === 'real time' ? (p: MutexParams) => realTimeFairnessSystem(alg, p, false) : (p: MutexParams) => causalFairnessSystem(alg, p);
    out.push(model('-fifo', alg.describe.fifo, d, fifoBuild, alg.fifoRuledOut));
  }
  if (alg.describe.crash) out.push(model('-crash', alg.describe.crash, { n: 3, entries: 1, crashes: 1 }, (p) => exclusionSystem(alg, p)));
  if (alg.describe.crashIdle) {
    const { crashes: _none, ...params } = mutexParams({ n: 3, entries: 1 }, alg.forever?.maxN ?? 8);
    out.push(
      bundledModel<CrashIdleParams>({
        name: `${alg.name}-crash-idle`,
        family: 'mutex',
        description: alg.describe.crashIdle,
        params: { ...params, victim: { default: 1, min: 0, max: alg.forever?.maxN ?? 8, description: 'the process that may crash (once, while it neither waits nor is in the critical section)' } },
        network,
        build: (p) => crashWhenIdleSystem(alg, p),
      }) as unknown as ModelDefinition<MutexParams>,
    );
  }
  return out;
}

/** A mutant of `of`'s plain instance: the same parameters, `broken` in place of the algorithm. */
export function mutantOf<L extends object, M extends Message>(of: Algorithm<L, M>, broken: Algorithm<L, M>, name: string, description: string, entries = of.entries): ModelDefinition<MutexParams> {
  return bundledModel<MutexParams>({
    name,
    family: 'mutex',
    description,
    params: mutexParams({ n: 3, entries }, of.forever?.maxN ?? 8, of.forever !== undefined),
    network: (broken.network ?? fifo).order,
    mutantOf: of.name,
    build: (p) => exclusionSystem(broken, p),
  });
}
