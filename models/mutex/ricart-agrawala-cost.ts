/** Ricart–Agrawala with message counters: every entry costs exactly 2(N-1) messages (N-1 requests, N-1 OKs). */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { costed, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-cost',
  family: 'mutex',
  description: 'Ricart–Agrawala, counting messages: exactly 2(N-1) per entry',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 334_489 },
  pinned: [{ params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 4_893 }],
  build: (p) => costed(ricartAgrawala(), p),
});
