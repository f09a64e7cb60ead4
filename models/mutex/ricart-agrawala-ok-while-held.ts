/** Mutant of ricart-agrawala: a process in the critical section replies OK at once instead of queueing the request. */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { basic, type MutexParams } from './family.ts';
import correct from './ricart-agrawala.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-ok-while-held',
  family: 'mutex',
  description: 'Broken Ricart–Agrawala: a process replies OK to a request even while HELD',
  params: correct.params,
  network: correct.network,
  mutantOf: 'ricart-agrawala',
  expect: { verdict: 'violation', property: 'mutual exclusion', traceLength: 12 },
  build: (p) => basic(ricartAgrawala({ okWhileHeld: true }), p),
});
