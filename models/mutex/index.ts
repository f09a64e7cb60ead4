/**
 * Distributed mutual exclusion: central server, token ring, Ricart–Agrawala (and its re-entry
 * variant), Lamport. Each algorithm is described once in algorithms.ts; its instances (plain,
 * -cost, -fifo, -crash) are generated from it (family.ts), and its mutants are overrides of it
 * (mutants.ts). Their pinned facts are in models/manifest.json.
 */
import type { ModelDefinition } from 'interleave';
import { centralServer, lamportMutex, ricartAgrawala, ricartAgrawalaReenter, tokenRing } from './algorithms.ts';
import { instancesOf } from './family.ts';
import * as m from './mutants.ts';

export const mutexModels = [
  ...instancesOf(centralServer),
  m.centralServerNoHolderCheck,
  ...instancesOf(tokenRing),
  m.tokenRingRegenerate,
  ...instancesOf(ricartAgrawala),
  m.ricartAgrawalaNoTiebreak,
  m.ricartAgrawalaOkWhileHeld,
  ...instancesOf(ricartAgrawalaReenter),
  m.ricartAgrawalaReenterCost,
  ...instancesOf(lamportMutex),
  m.lamportMutexUnordered,
] as unknown as readonly ModelDefinition[];
