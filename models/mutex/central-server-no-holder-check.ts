/** Mutant of central-server: the coordinator grants every lock at once, without checking whether someone holds it. */
import { defineModel } from 'interleave';
import { centralServer } from './algorithms.ts';
import { basic, type MutexParams } from './family.ts';
import correct from './central-server.ts';

export default defineModel<MutexParams>({
  name: 'central-server-no-holder-check',
  family: 'mutex',
  description: 'Broken central server: the coordinator grants without checking the holder',
  params: correct.params,
  network: correct.network,
  mutantOf: 'central-server',
  expect: { verdict: 'violation', property: 'mutual exclusion', traceLength: 6 },
  build: (p) => basic(centralServer({ checkHolder: false }), p),
});
