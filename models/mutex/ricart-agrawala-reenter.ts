/** The notes' variant of Ricart–Agrawala: the most recent holder re-enters without any messages while it has given no OK away. */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-reenter',
  family: 'mutex',
  description: 'Ricart–Agrawala where the most recent holder may re-enter without messages',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 184_792 },
  pinned: [{ params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 4_893 }],
  build: (p) => basic(ricartAgrawala({ reenter: true }), p),
});
