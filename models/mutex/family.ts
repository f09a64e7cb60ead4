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
import { fifo, system, type Checkable, type GlobalState, type Message, type Network, type Property, type Protocol, type System } from 'interleave';
import {
  everyEntryDone,
  fifoFairnessByKnowledge,
  inRealTime,
  knowingView,
  messageCost,
  mutexProperties,
  mutualExclusion,
  noDeadlock,
  orderedContentionByKnowledge,
  properEnd,
  withRequestKnowledge,
  type MutexView,
  type RequestKnowledge,
} from '../../spec/mutex.ts';

/** One algorithm of the family, as the models see it. */
export interface Algorithm<L, M extends Message> {
  readonly protocol: Protocol<L, M>;
  readonly view: MutexView<L>;
  readonly network?: Network;
  /** Processes in the system for `n` competing ones (default n; the central server adds its coordinator). */
  readonly processes?: (n: number) => number;
  /** Further workload limits (e.g. a broken variant's timeout). */
  readonly workload?: Readonly<Record<string, number>>;
  /** Messages per entry and the formula, for the -cost instance. */
  readonly cost?: (n: number) => { readonly perEntry: number; readonly formula: string };
}

/** Parameters every model of the family takes. */
export type MutexParams = {
  readonly n: number;
  readonly entries: number;
  /** Optional for callers that build a model directly: absent means 0. */
  readonly crashes?: number;
};

/** Parameter specs: n and entries with the given defaults, crashes (default `crashes`). */
export function mutexParams(defaults: { n: number; entries: number; crashes?: number }, maxN = 8) {
  return {
    n: { default: defaults.n, min: 2, max: maxN, description: 'number of processes competing for the critical section' },
    entries: { default: defaults.entries, min: 1, max: 10, description: 'critical-section entries per process' },
    crashes: { default: defaults.crashes ?? 0, min: 0, max: 1, description: 'processes that may crash-stop in a run' },
  };
}

type Extra<L, M> = { readonly properties: Property<GlobalState<L, M>>[]; readonly countMessages?: boolean; readonly symmetric?: boolean };

function build<L, M extends Message>(alg: Algorithm<L, M>, { n, entries, crashes = 0 }: MutexParams, extra: Extra<L, M>): System<L, M> {
  const request = alg.view.request ?? 'request';
  return system<L, M>({
    protocol: alg.protocol,
    n: alg.processes ? alg.processes(n) : n,
    network: alg.network ?? fifo,
    workload: { [request]: entries, ...alg.workload },
    properties: crashes > 0 ? [...extra.properties, noDeadlock(alg.view, entries)] : extra.properties,
    isEnd: properEnd(alg.view, entries),
    crashes,
    ...(extra.countMessages ? { countMessages: true } : {}),
    ...(extra.symmetric ? { symmetric: true } : {}),
  });
}

/**
 * The plain instance: mutual exclusion, the witnesses, and no deadlock (the engine's check, with
 * every process at rest and its entries done as the proper end). With crashes allowed, the
 * quiescent property `no deadlock` is added, so that a blocked run names it.
 */
export function basic<L, M extends Message>(alg: Algorithm<L, M>, params: MutexParams, options: { readonly symmetric?: boolean } = {}): System<L, M> {
  return build(alg, params, { properties: [...mutexProperties(alg.view), everyEntryDone(alg.view, params.entries)], symmetric: options.symmetric });
}

/** The -cost instance: message counters, and the exact cost per entry. */
export function costed<L, M extends Message>(alg: Algorithm<L, M>, params: MutexParams): System<L, M> {
  if (!alg.cost) throw new Error(`${alg.protocol.name} has no fixed message cost per entry`);
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
export function fairness<L extends object, M extends Message>(alg: Algorithm<L, M>, params: MutexParams): System<L & { readonly hb: RequestKnowledge }, M & { readonly seen: readonly number[] }> {
  const view = knowingView(alg.view);
  const knowing: Algorithm<L & { readonly hb: RequestKnowledge }, M & { readonly seen: readonly number[] }> = {
    ...alg,
    protocol: withRequestKnowledge(alg.protocol, alg.view.request ?? 'request'),
    view,
  };
  return build(knowing, params, { properties: [mutualExclusion(view), fifoFairnessByKnowledge(view), orderedContentionByKnowledge(view)] });
}

/**
 * FIFO fairness in real time: the plain instance under a ghost observer of the order in which the
 * processes asked (`inRealTime`), with `FIFO fairness (real time)` as an invariant (`fair`) or
 * `overtaken (real time)` as a witness.
 */
export function realTimeFairness<L, M extends Message>(alg: Algorithm<L, M>, params: MutexParams, fair: boolean): Checkable {
  return inRealTime(basic(alg, params), alg.view, fair);
}
