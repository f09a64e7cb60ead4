/**
 * Lamport's mutex with ground-truth causality: FIFO-fair, since every message carries the
 * sender's clock and the receiver catches up, so a request that happened before another has the
 * smaller (time, id). Two processes only: with three, causal histories exceed 5 million states
 * even at one entry each.
 */
import { defineModel } from 'interleave';
import { lamportMutex } from './algorithms.ts';
import { fairness, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'lamport-mutex-fifo',
  family: 'mutex',
  description: 'Lamport’s mutex is FIFO-fair by happens-before (checked with two processes)',
  params: mutexParams({ n: 2, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 4_254 },
  build: (p) => fairness(lamportMutex(), p),
});
