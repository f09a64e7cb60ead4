/** Central server with one crash-stop allowed: a crashed coordinator blocks everyone (it "can't distinguish crash of C from long wait"). */
import { defineModel } from 'interleave';
import { centralServer } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'central-server-crash',
  family: 'mutex',
  description: 'Central server when one process may crash: with the coordinator gone, every lock waits forever',
  params: mutexParams({ n: 3, entries: 1, crashes: 1 }),
  network: 'fifo',
  expect: { verdict: 'violation', property: 'no deadlock', traceLength: 4 },
  build: (p) => basic(centralServer(), p),
});
