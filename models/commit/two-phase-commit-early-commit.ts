/** Mutant of two-phase-commit: the TM may commit before every RM has prepared, so an RM that is still working can abort. */
import { defineModel } from 'interleave';
import correct, { twoPhaseCommit } from './two-phase-commit.ts';

export default defineModel({
  name: 'two-phase-commit-early-commit',
  family: 'commit',
  description: 'Broken 2PC: the TM commits without waiting for every Prepared message',
  params: correct.params,
  network: correct.network,
  mutantOf: 'two-phase-commit',
  expect: { verdict: 'violation', property: 'consistent', traceLength: 3 },
  build: ({ rms }) => twoPhaseCommit(rms, { earlyCommit: true }),
});
