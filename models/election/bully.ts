/** The bully algorithm with crash-stop and a perfect failure detector. */
import { defineModel } from 'interleave';
import { bullyParams, bullySystem, type BullyParams } from './bully-system.ts';

export default defineModel<BullyParams>({
  name: 'bully',
  family: 'election',
  description: 'Bully election with crash-stop and a perfect failure detector: one live leader, the highest live one once settled',
  params: bullyParams,
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 4_690 },
  pinned: [
    { params: { n: 3, crashes: 2 }, verdict: 'pass', distinctStates: 42_236 },
    { params: { n: 4, crashes: 1 }, verdict: 'pass', distinctStates: 3_619_766 },
  ],
  build: (p) => bullySystem(p),
});
