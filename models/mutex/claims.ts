/**
 * The notes' remaining claims about mutual exclusion, as checks (README "The slides' claims"):
 *
 *   token-ring-messages            "between 0 and N messages until a waiting process enters, 1 message
 *                              to leave": the token messages of each wait counted by a ghost
 *                              observer (spec/mutex-cost.ts); at most N (invariant), N and 0 both
 *                              reached (witnesses), exactly 1 message in the step that leaves.
 *   central-server-acquire     "lock acquire takes one round-trip, and release is ‘free’": the
 *                              messages a waiting process exchanges with the coordinator are
 *                              exactly 2 (lock, grant), leaving sends 1 (unlock).
 *   central-server-load        "But C can become a performance bottleneck…": the messages each
 *                              process handles (sends and receives), counted by a ghost observer
 *                              (spec/mutex-load.ts): at the end of every run C has handled N times
 *                              a client's (3 per entry of every client against 3 per entry).
 *   token-ring-load            "Avoid central bottleneck", "No central server bottleneck": the same
 *                              count, relative to the least loaded process; no process is ever more
 *                              than one hop of the token (2 messages) ahead of another.
 *   token-ring-one-token       "only 1 process ever has token => mutual exclusion guaranteed by
 *                              construction": exactly one token in every state, held or in flight.
 *   ricart-agrawala-example    the notes' worked example: P1 and P2 want the lock at Lamport
 *                              times 17 and 9; P3 replies OK to both, P1 replies OK (9 < 17), P2
 *                              queues P1’s request, enters, and on leaving replies to P1, who
 *                              enters. Our processes are P0, P1, P2: the notes' P1 and P2 keep
 *                              their numbers, the notes' P3 (no interest) is P0, and the clocks
 *                              start at 0, 16 and 8, so the requests carry 17 and 9 as in the notes.
 *
 * Each is the reference algorithm with an observer (no change to what the processes do); the
 * mutants that break the cost invariants are in mutants.ts.
 */
import { fifo, ghostOf, sometimes, system, type Checkable, type GlobalState, type Message, type Observer, type Property } from 'interleave';
import * as ra from '../../src/mutex/ricart-agrawala.ts';
import type * as tr from '../../src/mutex/token-ring.ts';
import { acquireOneRoundTrip, enterAfter, enterWithinN, exchangedWith, oneMessageToLeave, queuedAcquire, someoneLeft, tokenHops, waitCost, type Measure, type WaitCost } from '../../spec/mutex-cost.ts';
import { coordinatorCarriesAll, load, noHub, oneHopAhead, runEnded, type Load } from '../../spec/mutex-load.ts';
import { exactlyOneToken, mutexProperties, mutualExclusion, properEnd, tokenInFlight, type TokenView } from '../../spec/mutex.ts';
import { bundledModel } from '../manifest.ts';
import { centralServer, ricartAgrawala, tokenRing } from './algorithms.ts';
import { mutexParams, processesOf, type Algorithm, type MutexParams } from './family.ts';

/** `alg` under the cost observer with `measure`, and the properties `props` builds from it. */
function costSystem<L, M extends Message>(
  alg: Algorithm<L, M>,
  { n, entries, crashes = 0 }: MutexParams,
  measure: Measure<L, M>,
  props: (cost: Observer<WaitCost, L, M>) => Property<GlobalState<L, M>>[],
): Checkable {
  const cost = waitCost<L, M>(alg.view, measure);
  const request = alg.view.request ?? 'request';
  return system<L, M>({
    ...processesOf(alg, n),
    name: `${alg.name}-cost`,
    network: alg.network ?? fifo,
    workload: { [request]: entries, ...alg.workload },
    observers: [cost],
    properties: [mutualExclusion(alg.view), ...props(cost)],
    isEnd: properEnd(alg.view, entries),
    shade: { label: 'critical section', holds: alg.view.inCriticalSection },
    crashes,
  });
}

/** The token ring's costs: at most N token messages to enter (0 and N both reached), 1 to leave. */
export function tokenRingCostSystem<L, M extends Message>(alg: Algorithm<L, M>, p: MutexParams): Checkable {
  return costSystem(alg, p, tokenHops, (cost) => [enterWithinN(cost), oneMessageToLeave(cost), enterAfter(cost, 'N'), enterAfter(cost, 0), someoneLeft(cost)]);
}

/** The central server's costs: one round trip to acquire, one message to release. */
export function centralServerCostSystem<L, M extends Message>(alg: Algorithm<L, M>, p: MutexParams): Checkable {
  return costSystem(alg, p, exchangedWith, (cost) => [acquireOneRoundTrip(cost), oneMessageToLeave(cost), queuedAcquire(alg.view, cost), someoneLeft(cost)]);
}

export const tokenRingCost = bundledModel<MutexParams>({
  name: 'token-ring-messages',
  family: 'mutex',
  description: 'Token ring, counting the token messages of each wait: between 0 and N to enter (both reached), 1 to leave',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  build: (p) => tokenRingCostSystem(tokenRing, p),
});

export const centralServerAcquire = bundledModel<MutexParams>({
  name: 'central-server-acquire',
  family: 'mutex',
  description: 'Central server: acquiring the lock takes one round trip (lock, grant) however long the wait, leaving one message',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  build: (p) => centralServerCostSystem(centralServer, p),
});

/** The most a process's relative load is counted to in token-ring-load (more than the bound, 2, which keeps the count finite). */
const LOAD_CAP = 4;

/** `alg` under the load observer (relative for the token ring), with the properties `props` builds from it. */
function loadSystem<L, M extends Message>(alg: Algorithm<L, M>, { n, entries, crashes = 0 }: MutexParams, relative: boolean, props: (observer: Observer<Load, L, M>) => Property<GlobalState<L, M>>[]): Checkable {
  const observer = load<L, M>(relative && { cap: LOAD_CAP });
  const request = alg.view.request ?? 'request';
  return system<L, M>({
    ...processesOf(alg, n),
    name: `${alg.name}-load`,
    network: alg.network ?? fifo,
    workload: { [request]: entries, ...alg.workload },
    observers: [observer],
    properties: [mutualExclusion(alg.view), ...props(observer)],
    isEnd: properEnd(alg.view, entries),
    shade: { label: 'critical section', holds: alg.view.inCriticalSection },
    crashes,
  });
}

/** The central server's load: at the end of every run C has handled N times a client's messages. */
export function centralServerLoadSystem<L, M extends Message>(alg: Algorithm<L, M>, p: MutexParams): Checkable {
  const ended = properEnd<L, M>(alg.view, p.entries);
  return loadSystem(alg, p, false, (observer) => [coordinatorCarriesAll(observer, p.entries, ended), runEnded(ended)]);
}

/** The token ring's load: no process more than one hop of the token ahead of another (the bound reached). */
export function tokenRingLoadSystem<L, M extends Message>(alg: Algorithm<L, M>, p: MutexParams): Checkable {
  return loadSystem(alg, p, true, (observer) => [noHub(observer, LOAD_CAP), oneHopAhead(observer)]);
}

export const centralServerLoad = bundledModel<MutexParams>({
  name: 'central-server-load',
  family: 'mutex',
  description: 'Central server, counting the messages each process handles: at the end of a run C has handled N times a client’s',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  build: (p) => centralServerLoadSystem(centralServer, p),
});

export const tokenRingLoad = bundledModel<MutexParams>({
  name: 'token-ring-load',
  family: 'mutex',
  description: 'Token ring, counting the messages each process handles: none is ever more than one hop of the token ahead of another',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  ruledOut: ({ n }) => ({ 'a process one hop ahead': n < 3 ? 'needs n ≥ 3: with two processes the token goes straight back, 1 message ahead at most' : undefined }),
  build: (p) => tokenRingLoadSystem(tokenRing, p),
});

// ---- the token ring: one token --------------------------------------------------------------------

/** Where the token ring's token is. */
export const ringToken: TokenView<tr.TRState, tr.TRMessage> = { holds: (s) => s.token, carries: (m) => m.type === 'TOKEN' };

/** A token ring (`alg`: the reference or a mutant) under `one token`, with mutual exclusion and the witness that the token travels. */
export function oneTokenSystem(alg: Algorithm<tr.TRState, tr.TRMessage>, { n, entries, crashes = 0 }: MutexParams): Checkable {
  return system<tr.TRState, tr.TRMessage>({
    ...processesOf(alg, n),
    name: `${alg.name}-one-token`,
    network: alg.network ?? fifo,
    workload: { request: entries, ...alg.workload },
    properties: [exactlyOneToken(ringToken), mutualExclusion(alg.view), tokenInFlight(ringToken)],
    isEnd: properEnd(alg.view, entries),
    shade: { label: 'critical section', holds: alg.view.inCriticalSection },
    crashes,
  });
}

export const tokenRingOneToken = bundledModel<MutexParams>({
  name: 'token-ring-one-token',
  family: 'mutex',
  description: 'Token ring: exactly one token exists in every state, held or in flight (whence mutual exclusion, by construction)',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  build: (p) => oneTokenSystem(tokenRing, p),
});

// ---- Ricart–Agrawala: the notes' worked example ---------------------------------------------------

/** Where the clocks start: the notes' P3 (our P0) at 0, P1 at 16, P2 at 8, so P1 requests at 17 and P2 at 9. */
export const EXAMPLE_CLOCKS = [0, 16, 8] as const;

/** What the notes' example says happens, as it happens (a ghost: the processes do not see it). */
export interface ExampleLog {
  /** P0 (the notes' P3), FREE, replied OK to P1's and to P2's request. */
  readonly freeOk: readonly [boolean, boolean];
  /** P1, WANT at 17, replied OK to P2's request at 9. */
  readonly p1Ok: boolean;
  /** P2, WANT at 9, queued P1's request at 17. */
  readonly p2Queued: boolean;
}

const repliedOk = (sent: readonly { readonly to: number; readonly msg: ra.RAMessage }[], to: number) => sent.some((s) => s.to === to && s.msg.type === 'OK');

export const exampleLog: Observer<ExampleLog, ra.RAState, ra.RAMessage> = {
  name: 'example',
  init: () => ({ freeOk: [false, false], p1Ok: false, p2Queued: false }),
  observe: (log, s) => {
    if (s.kind !== 'receive' || s.msg?.type !== 'REQUEST' || s.from === undefined) return log;
    const { p, from, before, after, sent } = s;
    if (p === 0 && before.mode === 'FREE' && repliedOk(sent, from)) return { ...log, freeOk: from === 1 ? [true, log.freeOk[1]] : [log.freeOk[0], true] };
    if (p === 1 && from === 2 && before.mode === 'WANT' && s.msg.ts === 9 && before.requestedAt === 17 && repliedOk(sent, 2)) return { ...log, p1Ok: true };
    if (p === 2 && from === 1 && before.mode === 'WANT' && s.msg.ts === 17 && before.requestedAt === 9 && after.deferred.includes(1)) return { ...log, p2Queued: true };
    return log;
  },
  show: (log) => ({ global: { 'FREE P0 sent OK to P1': log.freeOk[0], 'FREE P0 sent OK to P2': log.freeOk[1], 'P1 sent OK (9 < 17)': log.p1Ok, 'P2 queued P1 (9 < 17)': log.p2Queued } }),
};

/** The whole story: everything the notes list happened, P2 has been in and left, and P1 is now in the critical section. */
function theNotesExample(): Property<GlobalState<ra.RAState, ra.RAMessage>> {
  return sometimes<GlobalState<ra.RAState, ra.RAMessage>>(
    'the notes’ example',
    (g) => {
      const log = ghostOf(g, exampleLog);
      return log.freeOk[0] && log.freeOk[1] && log.p1Ok && log.p2Queued && g.procs[1].mode === 'HELD' && g.procs[2].mode === 'FREE' && (g.used[2].request ?? 0) === 1 && (g.used[0].request ?? 0) === 0;
    },
    'P1 (17) and P2 (9) want the lock; P0 replies OK to both, P1 replies OK, P2 queues P1, enters, leaves and replies; P1 enters',
  );
}

/** Ricart–Agrawala with the clocks of the notes' example, one request each (the notes' P3 may ask too, but the witness has it stay FREE). */
export function exampleSystem(): Checkable {
  const p = ricartAgrawala.protocol;
  const protocol = { ...p, name: 'ricart-agrawala', init: (ctx: Parameters<typeof p.init>[0]) => ({ ...p.init(ctx), clock: EXAMPLE_CLOCKS[ctx.self] }) };
  const view = ricartAgrawala.view;
  return system<ra.RAState, ra.RAMessage>({
    name: 'ricart-agrawala-example',
    protocol,
    n: 3,
    network: fifo,
    workload: { request: 1 },
    observers: [exampleLog],
    properties: [...mutexProperties(view), theNotesExample()],
    isEnd: properEnd(view, 1),
    shade: { label: 'critical section', holds: view.inCriticalSection },
  });
}

export const ricartAgrawalaExample = bundledModel<Record<string, never>>({
  name: 'ricart-agrawala-example',
  family: 'mutex',
  description: 'The notes’ Ricart–Agrawala example: P1 at 17 and P2 at 9 want the lock; P1 replies OK, P2 queues P1’s request (clocks start at 0, 16, 8)',
  params: {},
  network: 'fifo',
  build: () => exampleSystem(),
});
