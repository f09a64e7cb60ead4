/** Token ring over FIFO channels: P0 starts with the token, which passes P0 → P1 → … → P0 forever. */
import { defineModel } from 'interleave';
import { tokenRing } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'token-ring',
  family: 'mutex',
  description: 'Token ring: enter only while holding the token; pass it on when done or not needed',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 900 },
  pinned: [{ params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 189 }],
  build: (p) => basic(tokenRing(), p),
});
