/** Central server, with happens-before between requests tracked: the coordinator grants in request order (a request that happened before another is served first). */
import { defineModel } from 'interleave';
import { centralServer } from './algorithms.ts';
import { fairness, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'central-server-fifo',
  family: 'mutex',
  description: 'Central server is FIFO-fair: no request is served before one that happened before it',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 7_817 },
  build: (p) => fairness(centralServer(), p),
});
