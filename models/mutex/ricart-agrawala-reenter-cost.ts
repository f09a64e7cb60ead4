/**
 * The re-entry variant held to Ricart–Agrawala's exact cost of 2(N-1) per entry: violated, since a
 * re-entry costs nothing. (At most 2(N-1) per entry does hold; see test/mutex.)
 */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { costed, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-reenter-cost',
  family: 'mutex',
  description: 'Ricart–Agrawala with re-entry, counting messages: fewer than 2(N-1) per entry',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  mutantOf: 'ricart-agrawala-cost',
  expect: { verdict: 'violation', property: 'message cost', traceLength: 9 },
  build: (p) => costed(ricartAgrawala({ reenter: true }), p),
});
