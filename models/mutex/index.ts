/**
 * Distributed mutual exclusion: central server, token ring, Ricart–Agrawala, Lamport. Each has a
 * plain instance, a -crash scenario, a -cost instance (not the token ring: its cost per entry is
 * unbounded) and a -fifo instance; the scheme is in family.ts. Mutants name their correct model.
 */
import type { ModelDefinition } from 'interleave';
import centralServer from './central-server.ts';
import centralServerCost from './central-server-cost.ts';
import centralServerCrash from './central-server-crash.ts';
import centralServerFifo from './central-server-fifo.ts';
import centralServerNoHolderCheck from './central-server-no-holder-check.ts';
import lamportMutex from './lamport-mutex.ts';
import lamportMutexCost from './lamport-mutex-cost.ts';
import lamportMutexCrash from './lamport-mutex-crash.ts';
import lamportMutexFifo from './lamport-mutex-fifo.ts';
import lamportMutexUnordered from './lamport-mutex-unordered.ts';
import ricartAgrawala from './ricart-agrawala.ts';
import ricartAgrawalaCost from './ricart-agrawala-cost.ts';
import ricartAgrawalaCrash from './ricart-agrawala-crash.ts';
import ricartAgrawalaFifo from './ricart-agrawala-fifo.ts';
import ricartAgrawalaNoTiebreak from './ricart-agrawala-no-tiebreak.ts';
import ricartAgrawalaOkWhileHeld from './ricart-agrawala-ok-while-held.ts';
import ricartAgrawalaReenter from './ricart-agrawala-reenter.ts';
import ricartAgrawalaReenterCost from './ricart-agrawala-reenter-cost.ts';
import tokenRing from './token-ring.ts';
import tokenRingCrash from './token-ring-crash.ts';
import tokenRingFifo from './token-ring-fifo.ts';
import tokenRingNeverLeaves from './token-ring-never-leaves.ts';
import tokenRingRegenerate from './token-ring-regenerate.ts';
import tokenRingSkipsWaiting from './token-ring-skips-waiting.ts';

export const mutexModels = [
  centralServer,
  centralServerCost,
  centralServerFifo,
  centralServerCrash,
  centralServerNoHolderCheck,
  tokenRing,
  tokenRingFifo,
  tokenRingCrash,
  tokenRingRegenerate,
  tokenRingSkipsWaiting,
  tokenRingNeverLeaves,
  ricartAgrawala,
  ricartAgrawalaCost,
  ricartAgrawalaFifo,
  ricartAgrawalaCrash,
  ricartAgrawalaNoTiebreak,
  ricartAgrawalaOkWhileHeld,
  ricartAgrawalaReenter,
  ricartAgrawalaReenterCost,
  lamportMutex,
  lamportMutexCost,
  lamportMutexFifo,
  lamportMutexCrash,
  lamportMutexUnordered,
] as unknown as readonly ModelDefinition[];
