/** Central lock server over FIFO channels: n competing processes (P1 … Pn) and the coordinator P0. */
import { defineModel } from 'interleave';
import { centralServer } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'central-server',
  family: 'mutex',
  description: 'Central lock server: lock, grant (or queue at the coordinator), unlock',
  params: mutexParams({ n: 3, entries: 2 }, 8, true),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 1_238 },
  pinned: [{ params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 180 }],
  build: (p) => basic(centralServer(), p),
});
