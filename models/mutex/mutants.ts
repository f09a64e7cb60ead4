/**
 * The family's mutants: each a small override of an algorithm in algorithms.ts, with the rule it
 * breaks. Each must fail as models/manifest.json says (property, shortest counterexample).
 */
import { send, step, unordered, type Context, type Protocol, type Step } from 'interleave';
import * as cs from '../../src/mutex/central-server.ts';
import { clockOnRequest } from '../../src/mutex/ricart-agrawala.ts';
import { bundledModel } from '../manifest.ts';
import { centralServer, lamportMutex, ricartAgrawala, ricartAgrawalaReenter, ricartAgrawalaVector, tokenRing } from './algorithms.ts';
import { causalFairnessSystem, messageCostSystem, mutantOf, mutexParams, type Algorithm, type MutexParams } from './family.ts';
import { centralServerCostSystem, centralServerLoadSystem, oneTokenSystem, tokenRingCostSystem, tokenRingLoadSystem } from './claims.ts';
import { repairParams, repairSystem, type RepairParams } from './repair.ts';
import * as rr from '../../src/mutex/token-ring-repair.ts';
import * as csp from '../../src/mutex/central-server-priority.ts';
import { priorityParams, prioritySystem, type PriorityParams } from './priority.ts';
import type * as ra from '../../src/mutex/ricart-agrawala.ts';
import type * as rav from '../../src/mutex/ricart-agrawala-vector.ts';
import type * as tr from '../../src/mutex/token-ring.ts';
import type * as lm from '../../src/mutex/lamport-mutex.ts';

const trp = tokenRing.protocol;
const rap = ricartAgrawala.protocol;
const lmp = lamportMutex.protocol;

/** The coordinator of central-server-no-holder-check. */
export const grantingCoordinator: Protocol<cs.CoordinatorState, cs.ToCoordinator, cs.ToClient> = {
  ...cs.coordinator,
  name: 'coordinator-no-holder-check',
  // Breaks the notes' "If resource free, C replies to Pi with a grantmessage; otherwise C adds Pi to a wait queue": C grants every lock at once.
  handlers: { ...cs.coordinator.handlers, LOCK: (s, _msg, from) => step({ ...s, holder: from }, send(from, { type: 'GRANT' })) },
};

export const noHolderCheck = {
  ...centralServer,
  roles: (n) => ({ ...cs.centralServer(n), coordinator: { protocol: grantingCoordinator, count: 1 } }),
} satisfies Algorithm<cs.CSState, cs.CSMessage>;

export const centralServerNoHolderCheck = mutantOf(centralServer, noHolderCheck, 'central-server-no-holder-check', 'Broken central server: the coordinator grants without checking the holder');

/**
 * The coordinator serves its wait queue newest first (a stack). Mutual exclusion holds and, the
 * workload being finite, every lock is granted in the end; FIFO fairness (by happens-before, the
 * property of central-server-fifo) fails: a client whose lock was queued before the coordinator
 * granted another client can see that client lock again (its second request causally after the
 * first one's) and be served first.
 */
export const lifoCoordinator: Protocol<cs.CoordinatorState, cs.ToCoordinator, cs.ToClient> = {
  ...cs.coordinator,
  name: 'coordinator-lifo',
  handlers: {
    ...cs.coordinator.handlers,
    // Breaks "Fair (if queue  is fair, e.g. FIFO)": on unlock C grants the newest request in its queue, not the first.
    UNLOCK: (s, msg, from, ctx) => cs.coordinator.handlers.UNLOCK({ ...s, queue: [...s.queue.slice(-1), ...s.queue.slice(0, -1)] }, msg, from, ctx),
  },
};

export const lifoQueue = {
  ...centralServer,
  roles: (n) => ({ ...cs.centralServer(n), coordinator: { protocol: lifoCoordinator, count: 1 } }),
} satisfies Algorithm<cs.CSState, cs.CSMessage>;

export const centralServerLifo = bundledModel<MutexParams>({
  name: 'central-server-lifo',
  family: 'mutex',
  description: 'Broken central server: the coordinator serves its queue newest first, so it is not "Fair (if queue  is fair, e.g. FIFO)": a request that happened before another is served second',
  params: mutexParams({ n: 3, entries: centralServer.entries }),
  network: 'fifo',
  mutantOf: 'central-server-fifo',
  build: (p) => causalFairnessSystem(lifoQueue, p),
});

/**
 * On unlock the coordinator marks the resource free and grants no one: the clients in its wait
 * queue stay there, and a later lock finds the resource free and is granted at once. Mutual
 * exclusion holds; requesting forever (entries=0), a queued client starves while the others go
 * on locking and unlocking.
 */
export const noGrantCoordinator: Protocol<cs.CoordinatorState, cs.ToCoordinator, cs.ToClient> = {
  ...cs.coordinator,
  name: 'coordinator-no-grant-on-unlock',
  handlers: {
    ...cs.coordinator.handlers,
    // Breaks "Live (providing delays are bounded, and no failure)": on unlock C frees the resource without sending grant to the first process in the wait queue.
    UNLOCK: (s) => step({ ...s, holder: null }),
  },
};

export const noGrantOnUnlock = {
  ...centralServer,
  roles: (n) => ({ ...cs.centralServer(n), coordinator: { protocol: noGrantCoordinator, count: 1 } }),
} satisfies Algorithm<cs.CSState, cs.CSMessage>;

export const centralServerNoGrantOnUnlock = mutantOf(
  centralServer,
  noGrantOnUnlock,
  'central-server-no-grant-on-unlock',
  'Broken central server: on unlock the coordinator grants no one in its wait queue, so it is not "Live (providing delays are bounded, and no failure)": a queued client starves (liveness)',
  0,
);

/**
 * A waiting holder may pass the token on instead of entering (SPIN's `token_ring_pml.py N skip`).
 * Mutual exclusion still holds; a waiting process can starve. Under weak fairness `enter` is
 * enabled only while the token is here, so a run in which the token keeps going round is fair and
 * the request is never granted (a lasso, exit 13); under strong fairness (`--fairness strong`)
 * `enter`, enabled again and again, must be taken, and the property holds.
 */
export const skipsWaiting = {
  ...tokenRing,
  protocol: {
    ...trp,
    name: 'token-ring-skips-waiting',
    // Breaks the notes' "pass token on when finished (or if don’t need to enter CS)", read as: only then; a waiting holder may pass it too.
    actions: { ...trp.actions, pass: { ...trp.actions.pass, guard: (s: tr.TRState) => (s.mode === 'FREE' || s.mode === 'WANT') && s.token } },
  },
} satisfies Algorithm<tr.TRState, tr.TRMessage>;

export const tokenRingSkipsWaiting = mutantOf(tokenRing, skipsWaiting, 'token-ring-skips-waiting', 'Broken token ring: a waiting holder may pass the token on, so a waiting process can starve (liveness)', 0);

/** Requesting forever, the exit step keeps the process in the critical section: mutual exclusion holds, a holder never releases. */
export const neverLeaves = {
  ...tokenRing,
  protocol: {
    ...trp,
    name: 'token-ring-never-leaves',
    // Breaks the rule: when finished, leave; exit changes nothing.
    actions: { ...trp.actions, exit: { ...trp.actions.exit, run: (s: tr.TRState) => step<tr.TRState, tr.TRMessage>(s) } },
  },
} satisfies Algorithm<tr.TRState, tr.TRMessage>;

export const tokenRingNeverLeaves = mutantOf(tokenRing, neverLeaves, 'token-ring-never-leaves', 'Broken token ring: exit does not leave the critical section, so a holder never releases (liveness)', 0);

export const regenerateOnTimeout = {
  ...tokenRing,
  protocol: {
    ...trp,
    name: 'token-ring-regenerate',
    // Breaks the notes' "Single token passes continuously around ring": a waiting process that times out creates a new one, though the old one was only slow.
    actions: { ...trp.actions, timeout: { guard: (s) => s.mode === 'WANT' && !s.token, run: (s) => step({ ...s, token: true }) } },
    // Two tokens that meet merge into one (the reference refuses a second token).
    handlers: { TOKEN: (s) => step({ ...s, token: true }) },
  },
  // Each process may time out once (bounds the tokens it creates).
  workload: { timeout: 1 },
} satisfies Algorithm<tr.TRState, tr.TRMessage>;

export const tokenRingRegenerate = mutantOf(tokenRing, regenerateOnTimeout, 'token-ring-regenerate', 'Broken token ring: a new token is created on a timeout, so two can exist');

/** The same mutant under `one token`: the second token is there before two processes can use it. */
export const tokenRingOneTokenRegenerate = bundledModel<MutexParams>({
  name: 'token-ring-one-token-regenerate',
  family: 'mutex',
  description: 'Broken token ring, counting tokens: a waiting process that times out creates a second token',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  mutantOf: 'token-ring-one-token',
  build: (p) => oneTokenSystem(regenerateOnTimeout, p),
});

export const noTiebreak = {
  ...ricartAgrawala,
  protocol: {
    ...rap,
    name: 'ricart-agrawala-no-tiebreak',
    handlers: {
      ...rap.handlers,
      // Breaks the notes' "use process id (or similar) to break ties": a WANT process answers a request with its own timestamp at once, so both requesters enter.
      REQUEST: (s, msg, from, ctx) =>
        s.mode === 'WANT' && s.requestedAt === msg.ts ? step({ ...s, clock: clockOnRequest(s, msg.ts) }, send(from, { type: 'OK' as const })) : rap.handlers.REQUEST(s, msg, from, ctx),
    },
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

export const ricartAgrawalaNoTiebreak = mutantOf(ricartAgrawala, noTiebreak, 'ricart-agrawala-no-tiebreak', 'Broken Ricart–Agrawala: requests with equal Lamport times are not ordered by process id');

export const okWhileHeld = {
  ...ricartAgrawala,
  protocol: {
    ...rap,
    name: 'ricart-agrawala-ok-while-held',
    handlers: {
      ...rap.handlers,
      // Breaks the notes' "If Pj’s local state is HELD, Pj queues the request to reply later": a process in the critical section replies OK at once instead of queueing the request.
      REQUEST: (s, msg, from, ctx) => (s.mode === 'HELD' ? step({ ...s, clock: clockOnRequest(s, msg.ts) }, send(from, { type: 'OK' as const })) : rap.handlers.REQUEST(s, msg, from, ctx)),
    },
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

export const ricartAgrawalaOkWhileHeld = mutantOf(ricartAgrawala, okWhileHeld, 'ricart-agrawala-ok-while-held', 'Broken Ricart–Agrawala: a process replies OK to a request even while HELD');

/** A requester enters with one OK fewer than it needs: N-2 of the N-1 other processes. */
export const oneOkShort = {
  ...ricartAgrawala,
  protocol: {
    ...rap,
    name: 'ricart-agrawala-one-ok-short',
    actions: {
      ...rap.actions,
      // Breaks "waits for OK from N-1 processes": it enters with N-2.
      enter: { ...rap.actions.enter, guard: (s: ra.RAState, ctx) => s.mode === 'WANT' && s.oks >= ctx.n - 2 },
    },
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

export const ricartAgrawalaOneOkShort = mutantOf(ricartAgrawala, oneOkShort, 'ricart-agrawala-one-ok-short', 'Broken Ricart–Agrawala: a requester enters with N-2 OKs, not "waits for OK from N-1 processes"');

/** On exit a process sets FREE but answers none of the requests it queued: their senders wait for its OK for ever. */
export const exitNoReply = {
  ...ricartAgrawala,
  protocol: {
    ...rap,
    name: 'ricart-agrawala-exit-no-reply',
    actions: {
      ...rap.actions,
      // Breaks "Once done, sets state:= FREE, & replies to any queued requests": it sets FREE and replies to none.
      exit: { ...rap.actions.exit, run: (s: ra.RAState) => step<ra.RAState, ra.RAMessage>({ ...s, mode: 'FREE', deferred: [] }) },
    },
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

export const ricartAgrawalaExitNoReply = mutantOf(ricartAgrawala, exitNoReply, 'ricart-agrawala-exit-no-reply', 'Broken Ricart–Agrawala: on exit a process sets FREE but never "replies to any queued requests", so a queued requester waits for ever');

const rrp = ricartAgrawalaReenter.protocol;
/** A step of the re-entry variant, with the permissions held before it kept: an OK given away is not given up. */
const keepingOks =
  <A extends unknown[]>(f: (s: ra.RAState, ...rest: A) => Step<ra.RAState, ra.RAMessage>) =>
  (s: ra.RAState, ...rest: A): Step<ra.RAState, ra.RAMessage> => {
    const r = f(s, ...rest);
    return { ...r, state: { ...r.state, oks: s.oks } };
  };

/**
 * The re-entry variant that does not give its permissions up when it gives an OK away (replying to
 * a request while FREE, or answering its queue on exit): the process the OK went to can collect
 * every OK and enter, while the old holder re-enters without asking.
 */
export const reenterAfterOk = {
  ...ricartAgrawalaReenter,
  protocol: {
    ...rrp,
    name: 'ricart-agrawala-reenter-after-ok',
    // Breaks "Ok for most recent holder to re-enter CS without any messages": it re-enters after giving its OK to another.
    actions: { ...rrp.actions, exit: { ...rrp.actions.exit, run: keepingOks(rrp.actions.exit.run) } },
    handlers: { ...rrp.handlers, REQUEST: keepingOks(rrp.handlers.REQUEST) },
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

export const ricartAgrawalaReenterAfterOk = mutantOf(
  ricartAgrawalaReenter,
  reenterAfterOk,
  'ricart-agrawala-reenter-after-ok',
  'Broken Ricart–Agrawala re-entry: the most recent holder re-enters after it has given an OK away, beyond "Ok for most recent holder to re-enter CS without any messages"',
);

/**
 * The re-entry variant held to Ricart–Agrawala's exact cost of 2(N-1) per entry: violated, since a
 * re-entry costs nothing. (At most 2(N-1) per entry does hold; see test/mutex.)
 */
export const ricartAgrawalaReenterCost = bundledModel<MutexParams>({
  name: 'ricart-agrawala-reenter-cost',
  family: 'mutex',
  description: 'Ricart–Agrawala with re-entry, counting messages: fewer than 2(N-1) per entry',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  mutantOf: 'ricart-agrawala-cost',
  build: (p) => messageCostSystem(ricartAgrawalaReenter, p),
});

export const lamportMutexUnordered = mutantOf(
  lamportMutex,
  // Breaks the algorithm's assumption of FIFO channels: a later-stamped ack can overtake an earlier request from the same process.
  { ...lamportMutex, network: unordered },
  'lamport-mutex-unordered',
  'Broken Lamport mutex: run over unordered channels, which it does not tolerate',
);

/**
 * The notes' entry rule read on its own: "If process Pi sees his request is earliest, can enter CS",
 * before it has heard from everyone. An earlier-stamped request may still be on its way to Pi: the
 * shortest counterexample (4 steps) has P0 request and, its request alone in its queue, enter at
 * once; then P1 does the same while P0's request is still in flight to it. The notes keep "all
 * requests and acks" in the queue:
 * an ack (or any message) stamped later than the request, from every other process, is what
 * tells Pi that no earlier request is still coming.
 */
export const firstInQueue = {
  ...lamportMutex,
  protocol: {
    ...lmp,
    name: 'lamport-mutex-first-in-queue',
    actions: {
      ...lmp.actions,
      // Breaks the rule: enter only once a later-stamped message from every other process has arrived; the own request heading the own queue is enough.
      enter: { ...lmp.actions.enter, guard: (s: lm.LMState, ctx) => s.mode === 'WANT' && s.queue[0]?.p === ctx.self },
    },
  },
} satisfies Algorithm<lm.LMState, lm.LMMessage>;

export const lamportMutexFirstInQueue = mutantOf(
  lamportMutex,
  firstInQueue,
  'lamport-mutex-first-in-queue',
  "Broken Lamport mutex: enters once its own request heads its queue, without waiting to hear from every other process (the notes' rule read on its own)",
);

// ---- mutants of the claims' instances (claims.ts) ------------------------------------------------

/** token-ring-messages over the skipping token ring: a wait can last more than one round of the token. */
export const tokenRingCostSkipsWaiting = bundledModel<MutexParams>({
  name: 'token-ring-messages-skips-waiting',
  family: 'mutex',
  description: 'Broken token ring, counting the token messages of each wait: a waiting holder passes the token on, so a wait costs more than N',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  mutantOf: 'token-ring-messages',
  build: (p) => tokenRingCostSystem(skipsWaiting, p),
});

export const exitKeepsToken = {
  ...tokenRing,
  protocol: {
    ...trp,
    name: 'token-ring-exit-keeps-token',
    // Breaks the notes' "pass token on when finished": leaving keeps the token, which goes on later by `pass` (leaving costs no message).
    actions: { ...trp.actions, exit: { ...trp.actions.exit, run: (s: tr.TRState) => step<tr.TRState, tr.TRMessage>({ ...s, mode: 'FREE' }) } },
  },
} satisfies Algorithm<tr.TRState, tr.TRMessage>;

export const tokenRingCostExitKeepsToken = bundledModel<MutexParams>({
  name: 'token-ring-messages-exit-keeps-token',
  family: 'mutex',
  description: 'Broken token ring, counting messages: leaving keeps the token (it is passed on in a later step), so leaving sends nothing',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  mutantOf: 'token-ring-messages',
  build: (p) => tokenRingCostSystem(exitKeepsToken, p),
});

/** The coordinator of central-server-acquire-busy-reply, and a client that ignores BUSY. */
type Busy = { readonly type: 'BUSY' };
export const busyCoordinator: Protocol<cs.CoordinatorState, cs.ToCoordinator, cs.ToClient | Busy> = {
  ...cs.coordinator,
  name: 'coordinator-busy-reply',
  handlers: {
    ...cs.coordinator.handlers,
    // Breaks the notes' "otherwise C adds Pi to a wait queue" (silently): C also tells a queued Pi it is busy: the notes' "can add additional messages, at some cost" (a BUSY tells Pi only that C was up when its lock arrived: models/mutex/crash-or-wait.ts).
    LOCK: (s, msg, from, ctx) => (s.holder === null ? cs.coordinator.handlers.LOCK(s, msg, from, ctx) : step({ ...s, queue: [...s.queue, from] }, send(from, { type: 'BUSY' as const }))),
  },
};
const patientClient: Protocol<cs.ClientState, cs.ToClient | Busy, cs.ToCoordinator> = { ...cs.client, handlers: { ...cs.client.handlers, BUSY: (s) => step(s) } };

export const busyReply = {
  ...centralServer,
  roles: (n: number) => ({ coordinator: { protocol: busyCoordinator, count: 1 }, client: { protocol: patientClient, count: n } }),
} as unknown as Algorithm<cs.CSState, cs.CSMessage>;

export const centralServerAcquireBusyReply = bundledModel<MutexParams>({
  name: 'central-server-acquire-busy-reply',
  family: 'mutex',
  description: 'Broken central server, counting messages: the coordinator answers a queued lock with BUSY, so a contended acquire costs 3',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  mutantOf: 'central-server-acquire',
  build: (p) => centralServerCostSystem(busyReply, p),
});

/** central-server-load over the busy-reply coordinator: the extra messages are C's too. */
export const centralServerLoadBusyReply = bundledModel<MutexParams>({
  name: 'central-server-load-busy-reply',
  family: 'mutex',
  description: 'Broken central server, counting the messages each process handles: C answers a queued lock with BUSY, so it handles more than 3 per entry',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  mutantOf: 'central-server-load',
  build: (p) => centralServerLoadSystem(busyReply, p),
});

/** The token ring with a hub at P0: P0 remembers where to send the token next. */
type HubState = tr.TRState & { readonly next?: number };
/** Where a process of the hub sends the token: P0 to `next`, every other process back to P0. */
const hubTarget = (s: HubState, ctx: Context): number => (ctx.self === 0 ? (s.next ?? 1) : 0);
export const hub = {
  ...tokenRing,
  protocol: {
    ...trp,
    name: 'token-ring-hub',
    init: (ctx: Context) => (ctx.self === 0 ? { ...trp.init(ctx), next: 1 } : trp.init(ctx)),
    // Breaks the notes' "Arrange processes in a logical ring … Each process knows its predecessor & successor": every process hands the token back to P0, which sends it on to the process after the one it came from (a star with P0 at its centre: a central server again).
    actions: {
      ...trp.actions,
      exit: { ...trp.actions.exit, run: (s: HubState, ctx: Context) => step<HubState, tr.TRMessage>({ ...s, mode: 'FREE', token: false }, send(hubTarget(s, ctx), { type: 'TOKEN' })) },
      pass: { ...trp.actions.pass, run: (s: HubState, ctx: Context) => step<HubState, tr.TRMessage>({ ...s, token: false }, send(hubTarget(s, ctx), { type: 'TOKEN' })) },
    },
    handlers: {
      TOKEN: (s: HubState, msg: tr.TRMessage, from: number, ctx: Context) => {
        const r = trp.handlers.TOKEN(s, msg, from, ctx);
        return ctx.self === 0 ? step<HubState, tr.TRMessage>({ ...r.state, next: (from % (ctx.n - 1)) + 1 }) : r;
      },
    },
  },
} as unknown as Algorithm<tr.TRState, tr.TRMessage>;

export const tokenRingLoadHub = bundledModel<MutexParams>({
  name: 'token-ring-load-hub',
  family: 'mutex',
  description: 'Broken token ring, counting the messages each process handles: every process hands the token back to P0, which carries every hop',
  params: mutexParams({ n: 3, entries: 2 }, 16),
  network: 'fifo',
  mutantOf: 'token-ring-load',
  build: (p) => tokenRingLoadSystem(hub, p),
});

/** The repairing ring's BOUNCE handler, without the repair. */
export const tokenRingRepairNoReroute = bundledModel<RepairParams>({
  name: 'token-ring-repair-no-reroute',
  family: 'mutex',
  description: 'Broken token ring repair: a process whose token bounces sends it to the same crashed successor again, so the others starve (liveness)',
  params: repairParams,
  network: 'fifo',
  mutantOf: 'token-ring-repair',
  build: (p) => {
    const ref = rr.tokenRingRepair(p);
    // Breaks the notes' "route around": the bounced token is taken back without marking the successor dead, so it is sent to it again.
    return repairSystem(p, { ...ref, name: 'token-ring-repair-no-reroute', handlers: { ...ref.handlers, BOUNCE: (s) => step({ ...s, token: true }) } });
  },
});

/**
 * The vector clocks of ricart-agrawala-vector, but an OK's is not merged: the clock travels on the
 * requests alone, as Ricart–Agrawala's Lamport time does, and FIFO fairness fails as it does there.
 * So what answers the notes' "Q: can we fix this by using vector clocks?" is the clock on every
 * message, not its being a vector.
 */
export const vectorOnRequestsOnly = {
  ...ricartAgrawalaVector,
  protocol: {
    ...ricartAgrawalaVector.protocol,
    name: 'ricart-agrawala-vector-requests-only',
    handlers: {
      ...ricartAgrawalaVector.protocol.handlers,
      // Breaks the rule: every receipt merges the message's clock; an OK's is ignored.
      OK: (s: rav.RAVectorState) => step<rav.RAVectorState, rav.RAVectorMessage>({ ...s, oks: s.oks + 1 }),
    },
  },
} satisfies Algorithm<rav.RAVectorState, rav.RAVectorMessage>;

export const ricartAgrawalaVectorRequestsOnly = bundledModel<MutexParams>({
  name: 'ricart-agrawala-vector-requests-only',
  family: 'mutex',
  description: 'Broken vector Ricart–Agrawala: an OK’s vector clock is not merged, so the clock travels on requests only and FIFO fairness fails as in Ricart–Agrawala',
  params: mutexParams({ n: 3, entries: ricartAgrawalaVector.entries }),
  network: 'fifo',
  mutantOf: 'ricart-agrawala-vector-fifo',
  build: (p) => causalFairnessSystem(vectorOnRequestsOnly, p),
});

/** The central server with priorities, queueing in arrival order: the plain server's FIFO queue. */
const arrivalOrderCoordinator: typeof csp.priorityCoordinator = {
  ...csp.priorityCoordinator,
  handlers: {
    ...csp.priorityCoordinator.handlers,
    // Breaks the notes' "easily supports priorities if we want them": a lock is queued behind every waiting one, whatever its priority.
    LOCK: (s, msg, from) => (s.holder === null ? step({ ...s, holder: from }, send(from, { type: 'GRANT' as const })) : step({ ...s, queue: [...s.queue, { p: from, priority: msg.priority }] })),
  },
};

export const centralServerPriorityFifo = bundledModel<PriorityParams>({
  name: 'central-server-priority-fifo',
  family: 'mutex',
  description: 'Broken central server with priorities: the queue keeps arrival order, so a lock is granted while a client of higher priority waits',
  params: priorityParams,
  network: 'fifo',
  mutantOf: 'central-server-priority',
  build: (p) => prioritySystem(p, arrivalOrderCoordinator, 'central-server-priority-fifo'),
});
