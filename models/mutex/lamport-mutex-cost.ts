/** Lamport's mutex with message counters: every entry costs exactly 3(N-1) messages (requests, acks, releases). */
import { defineModel } from 'interleave';
import { lamportMutex } from './algorithms.ts';
import { costed, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'lamport-mutex-cost',
  family: 'mutex',
  description: 'Lamport’s mutex, counting messages: exactly 3(N-1) per entry',
  params: mutexParams({ n: 3, entries: 1 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 26_102 },
  pinned: [{ params: { n: 3, entries: 2 }, verdict: 'pass', distinctStates: 5_105_914 }],
  build: (p) => costed(lamportMutex(), p),
});
