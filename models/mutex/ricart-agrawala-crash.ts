/** Ricart–Agrawala with one crash-stop allowed: a process waiting for the crashed one's OK is blocked forever ("N points of failure"). */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-crash',
  family: 'mutex',
  description: 'Ricart–Agrawala when one process may crash: a waiting process never gets the crashed one’s OK',
  params: mutexParams({ n: 3, entries: 1, crashes: 1 }),
  network: 'fifo',
  expect: { verdict: 'violation', property: 'no deadlock', traceLength: 6 },
  build: (p) => basic(ricartAgrawala(), p),
});
