/** Token ring with one crash-stop allowed: the token dies with its holder (or in the channel to a crashed process). */
import { defineModel } from 'interleave';
import { tokenRing } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'token-ring-crash',
  family: 'mutex',
  description: 'Token ring when one process may crash: the token is lost and the waiting processes block',
  params: mutexParams({ n: 3, entries: 1, crashes: 1 }),
  network: 'fifo',
  expect: { verdict: 'violation', property: 'no deadlock', traceLength: 3 },
  build: (p) => basic(tokenRing(), p),
});
