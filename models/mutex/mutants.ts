/**
 * The family's mutants: each a small override of an algorithm in algorithms.ts, with the rule it
 * breaks. Each must fail as models/manifest.json says (property, shortest counterexample).
 */
import { send, step, unordered, type Protocol } from 'interleave';
import * as cs from '../../src/mutex/central-server.ts';
import { clockOnRequest } from '../../src/mutex/ricart-agrawala.ts';
import { bundledModel } from '../manifest.ts';
import { centralServer, lamportMutex, ricartAgrawala, ricartAgrawalaReenter, tokenRing } from './algorithms.ts';
import { messageCostSystem, mutantOf, mutexParams, type Algorithm, type MutexParams } from './family.ts';
import type * as ra from '../../src/mutex/ricart-agrawala.ts';
import type * as tr from '../../src/mutex/token-ring.ts';

const trp = tokenRing.protocol;
const rap = ricartAgrawala.protocol;

/** The coordinator of central-server-no-holder-check. */
export const grantingCoordinator: Protocol<cs.CoordinatorState, cs.ToCoordinator, cs.ToClient> = {
  ...cs.coordinator,
  name: 'coordinator-no-holder-check',
  // Breaks "if the resource is free, C grants; otherwise it queues Pi": C grants every lock at once.
  handlers: { ...cs.coordinator.handlers, LOCK: (s, _msg, from) => step({ ...s, holder: from }, send(from, { type: 'GRANT' })) },
};

export const noHolderCheck = {
  ...centralServer,
  roles: (n) => ({ ...cs.centralServer(n), coordinator: { protocol: grantingCoordinator, count: 1 } }),
} satisfies Algorithm<cs.CSState, cs.CSMessage>;

export const centralServerNoHolderCheck = mutantOf(centralServer, noHolderCheck, 'central-server-no-holder-check', 'Broken central server: the coordinator grants without checking the holder');

export const regenerateOnTimeout = {
  ...tokenRing,
  protocol: {
    ...trp,
    name: 'token-ring-regenerate',
    // Breaks "a single token": a waiting process that times out creates a new one, though the old one was only slow.
    actions: { ...trp.actions, timeout: { guard: (s) => s.mode === 'WANT' && !s.token, run: (s) => step({ ...s, token: true }) } },
    // Two tokens that meet merge into one (the reference refuses a second token).
    handlers: { TOKEN: (s) => step({ ...s, token: true }) },
  },
  // Each process may time out once (bounds the tokens it creates).
  workload: { timeout: 1 },
} satisfies Algorithm<tr.TRState, tr.TRMessage>;

export const tokenRingRegenerate = mutantOf(tokenRing, regenerateOnTimeout, 'token-ring-regenerate', 'Broken token ring: a new token is created on a timeout, so two can exist');

export const noTiebreak = {
  ...ricartAgrawala,
  protocol: {
    ...rap,
    name: 'ricart-agrawala-no-tiebreak',
    handlers: {
      ...rap.handlers,
      // Breaks "ties broken by process id": a WANT process answers a request with its own timestamp at once, so both requesters enter.
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
      // Breaks "reply OK unless HELD": a process in the critical section replies OK at once instead of queueing the request.
      REQUEST: (s, msg, from, ctx) => (s.mode === 'HELD' ? step({ ...s, clock: clockOnRequest(s, msg.ts) }, send(from, { type: 'OK' as const })) : rap.handlers.REQUEST(s, msg, from, ctx)),
    },
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

export const ricartAgrawalaOkWhileHeld = mutantOf(ricartAgrawala, okWhileHeld, 'ricart-agrawala-ok-while-held', 'Broken Ricart–Agrawala: a process replies OK to a request even while HELD');

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
