/** Central server with message counters: every entry costs exactly 3 messages (lock, grant, unlock), the coordinator's grant included. */
import { defineModel } from 'interleave';
import { centralServer } from './algorithms.ts';
import { costed, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'central-server-cost',
  family: 'mutex',
  description: 'Central server, counting messages: exactly 3 per entry',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 1_238 },
  build: (p) => costed(centralServer(), p),
});
