/**
 * Distributed mutual exclusion: central server, token ring, Ricart–Agrawala (and its re-entry and
 * vector-clock variants), Lamport. Each algorithm is described once in algorithms.ts; its instances (plain,
 * -cost, -fifo, -crash) are generated from it (family.ts), and its mutants are overrides of it
 * (mutants.ts). Their pinned facts are in models/manifest.json.
 */
import type { Message, ModelDefinition } from 'interleave';
import { centralServer, lamportMutex, ricartAgrawala, ricartAgrawalaReenter, ricartAgrawalaVector, tokenRing } from './algorithms.ts';
import { instancesOf, type Algorithm, type MutexParams } from './family.ts';
import * as m from './mutants.ts';
import * as c from './claims.ts';
import * as r from './repair.ts';
import centralServerPriority from './priority.ts';

/** An algorithm with its generated instances and its mutants. */
function family<L extends object, M extends Message>(algorithm: Algorithm<L, M>, mutants: readonly ModelDefinition<MutexParams>[]) {
  return { name: algorithm.name, describe: algorithm.describe, models: [...instancesOf(algorithm), ...mutants] };
}

/** Every algorithm of the family with its mutants, in the order `interleave list` shows them. */
export const ALGORITHMS = [
  family(centralServer, [m.centralServerNoHolderCheck, m.centralServerLifo, m.centralServerNoGrantOnUnlock]),
  family(tokenRing, [m.tokenRingRegenerate, m.tokenRingSkipsWaiting, m.tokenRingNeverLeaves]),
  family(ricartAgrawala, [m.ricartAgrawalaNoTiebreak, m.ricartAgrawalaOkWhileHeld, m.ricartAgrawalaOneOkShort, m.ricartAgrawalaExitNoReply]),
  family(ricartAgrawalaReenter, [m.ricartAgrawalaReenterCost, m.ricartAgrawalaReenterAfterOk]),
  family(ricartAgrawalaVector, [m.ricartAgrawalaVectorRequestsOnly]),
  family(lamportMutex, [m.lamportMutexUnordered, m.lamportMutexFirstInQueue]),
];

/** The notes' remaining claims as checks (claims.ts, repair.ts, priority.ts), each with its mutants. */
export const CLAIM_MODELS = [
  c.centralServerAcquire,
  m.centralServerAcquireBusyReply,
  c.centralServerLoad,
  m.centralServerLoadBusyReply,
  c.tokenRingCost,
  m.tokenRingCostSkipsWaiting,
  m.tokenRingCostExitKeepsToken,
  c.tokenRingLoad,
  m.tokenRingLoadHub,
  c.tokenRingOneToken,
  m.tokenRingOneTokenRegenerate,
  r.tokenRingRepair,
  m.tokenRingRepairNoReroute,
  c.ricartAgrawalaExample,
  centralServerPriority,
  m.centralServerPriorityFifo,
] as unknown as readonly ModelDefinition[];

export const mutexModels = [...(ALGORITHMS.flatMap((a) => a.models) as unknown as readonly ModelDefinition[]), ...CLAIM_MODELS];
