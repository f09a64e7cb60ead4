/** Two-phase commit as processes: a coordinator and participants that vote, over an unordered network. */
import { bundledModel } from '../manifest.ts';
import { processParams, twoPhaseSystem, type ProcessParams } from './processes.ts';

export default bundledModel<ProcessParams>({
  name: 'two-phase-commit-processes',
  family: 'commit',
  description: '2PC as processes: a coordinator and participants voting yes/no, unordered network; agreement, validity, everyone decides',
  params: processParams(0),
  network: 'unordered',
  build: (p) => twoPhaseSystem(p),
});
