/** Mutant of lamport-mutex: unordered channels, so a later-stamped ack can overtake an earlier request from the same process. */
import { defineModel } from 'interleave';
import { lamportMutex } from './algorithms.ts';
import { basic, type MutexParams } from './family.ts';
import correct from './lamport-mutex.ts';

export default defineModel<MutexParams>({
  name: 'lamport-mutex-unordered',
  family: 'mutex',
  description: 'Broken Lamport mutex: run over unordered channels, which it does not tolerate',
  params: correct.params,
  network: 'unordered',
  mutantOf: 'lamport-mutex',
  expect: { verdict: 'violation', property: 'mutual exclusion', traceLength: 9 },
  build: (p) => basic(lamportMutex({ unorderedChannels: true }), p),
});
