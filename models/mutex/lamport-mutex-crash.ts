/** Lamport's mutex with one crash-stop allowed: a waiting process never hears from the crashed one ("N points of failure"). */
import { defineModel } from 'interleave';
import { lamportMutex } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'lamport-mutex-crash',
  family: 'mutex',
  description: 'Lamport’s mutex when one process may crash: a waiting process blocks forever',
  params: mutexParams({ n: 3, entries: 1, crashes: 1 }),
  network: 'fifo',
  expect: { verdict: 'violation', property: 'no deadlock', traceLength: 7 },
  build: (p) => basic(lamportMutex(), p),
});
