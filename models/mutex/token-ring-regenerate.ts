/** Mutant of token-ring: a waiting process that times out creates a new token, though the old one was only slow. */
import { defineModel } from 'interleave';
import { tokenRing } from './algorithms.ts';
import { basic, type MutexParams } from './family.ts';
import correct from './token-ring.ts';

export default defineModel<MutexParams>({
  name: 'token-ring-regenerate',
  family: 'mutex',
  description: 'Broken token ring: a new token is created on a timeout, so two can exist',
  params: correct.params,
  network: correct.network,
  mutantOf: 'token-ring',
  expect: { verdict: 'violation', property: 'mutual exclusion', traceLength: 5 },
  build: (p) => basic(tokenRing({ regenerateOnTimeout: true }), p),
});
