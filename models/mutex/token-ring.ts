/**
 * Token ring over FIFO channels: P0 starts with the token, which passes P0 → P1 → … → P0 forever.
 * With entries=0 every process requests forever, and the liveness properties are checked: this is
 * state for state the SPIN model ../shared/bench/token_ring_pml.py (5·N·2^(N−1) states).
 */
import { defineModel } from 'interleave';
import { tokenRing } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'token-ring',
  family: 'mutex',
  description: 'Token ring: enter only while holding the token; pass it on when done or not needed',
  params: mutexParams({ n: 3, entries: 2 }, 16, true),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 900 },
  pinned: [
    { params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 189 },
    // Requesting forever = SPIN's token_ring_pml.py N: 5·N·2^(N−1) states.
    { params: { n: 3, entries: 0 }, verdict: 'pass', distinctStates: 60 },
    { params: { n: 4, entries: 0 }, verdict: 'pass', distinctStates: 160 },
    { params: { n: 14, entries: 0 }, verdict: 'pass', distinctStates: 573_440 },
  ],
  build: (p) => basic(tokenRing(), p),
});
