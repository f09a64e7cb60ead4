/**
 * Lamport's mutex, with happens-before between requests tracked: FIFO-fair, since every message
 * carries the sender's clock and the receiver catches up, so a request that happened before
 * another has the smaller (time, id). The default (one entry each) is a quick check; the pinned
 * n=3 with two entries (8,099,146 states, about 20 s) is the one that would catch an unfairness
 * like Ricart–Agrawala's, which needs a second entry.
 */
import { defineModel } from 'interleave';
import { lamportMutex } from './algorithms.ts';
import { fairness, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'lamport-mutex-fifo',
  family: 'mutex',
  description: 'Lamport’s mutex is FIFO-fair: no request is served before one that happened before it',
  params: mutexParams({ n: 3, entries: 1 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 35_485 },
  pinned: [{ params: { n: 3, entries: 2 }, verdict: 'pass', distinctStates: 8_099_146 }],
  build: (p) => fairness(lamportMutex(), p),
});
