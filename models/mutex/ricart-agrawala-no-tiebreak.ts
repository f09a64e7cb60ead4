/** Mutant of ricart-agrawala: equal timestamps are not ordered by process id, so two requesters can both reply OK and both enter. */
import { defineModel } from 'interleave';
import type { MutexParams } from './family.ts';
import correct, { raSystem } from './ricart-agrawala.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-no-tiebreak',
  family: 'mutex',
  description: 'Broken Ricart–Agrawala: requests with equal Lamport times are not ordered by process id',
  params: correct.params,
  network: correct.network,
  mutantOf: 'ricart-agrawala',
  expect: { verdict: 'violation', property: 'mutual exclusion', traceLength: 12 },
  build: ({ n, entries, crashes }) => raSystem(n, entries, false, crashes ?? 0),
});
