/** Two-phase commit as processes: a coordinator and participants that vote, over an unordered network. */
import { defineModel } from 'interleave';
import { processParams, twoPhaseSystem, type ProcessParams } from './processes.ts';

export default defineModel<ProcessParams>({
  name: 'two-phase-commit-processes',
  family: 'commit',
  description: '2PC as processes: a coordinator and participants voting yes/no, unordered network; agreement, validity, everyone decides',
  params: processParams(0),
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 1_800 },
  build: (p) => twoPhaseSystem(p),
});
