/** 2PC as processes when one process may crash: safety holds, but a participant that voted yes blocks when the coordinator is gone. */
import { bundledModel } from '../manifest.ts';
import { processParams, twoPhaseSystem, type ProcessParams } from './processes.ts';

export default bundledModel<ProcessParams>({
  name: 'two-phase-commit-processes-crash',
  family: 'commit',
  description: '2PC as processes with one crash-stop: agreement and validity hold, a prepared participant blocks when the coordinator crashes',
  params: processParams(1),
  network: 'unordered',
  build: (p) => twoPhaseSystem(p),
});
