/** Mutant of two-phase-commit: the TM may commit before every RM has prepared, so an RM that is still working can abort. */
import { actionModel } from 'interleave';
import { bundledModel } from '../manifest.ts';
import correct, { committed, twoPhaseSpec } from './two-phase-commit.ts';

export default bundledModel({
  name: 'two-phase-commit-early-commit',
  family: 'commit',
  description: 'Broken 2PC: the TM commits without waiting for every Prepared message',
  params: correct.params,
  network: correct.network,
  mutantOf: 'two-phase-commit',
  build: ({ rms }) => {
    const spec = twoPhaseSpec(rms);
    // Breaks TwoPhase.tla's TMCommit, which commits only once every RM is prepared: it commits at any time before it decides.
    return actionModel({ ...spec, name: 'two-phase-commit-early-commit', actions: { ...spec.actions, TMCommit: (s) => s.tmState === 'init' && committed(s) } });
  },
});
