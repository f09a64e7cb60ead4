/** Lamport's mutual exclusion over FIFO channels: request, ack, release, a queue ordered by (time, id). */
import { defineModel } from 'interleave';
import { lamportMutex } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'lamport-mutex',
  family: 'mutex',
  description: 'Lamport’s mutex: enter when the own request is first and a later message came from everyone',
  params: mutexParams({ n: 3, entries: 1 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 26_102 },
  pinned: [{ params: { n: 3, entries: 2 }, verdict: 'pass', distinctStates: 5_105_914 }],
  build: (p) => basic(lamportMutex(), p),
});
