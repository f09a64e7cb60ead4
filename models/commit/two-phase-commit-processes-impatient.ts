/** Mutant of two-phase-commit-processes: a participant that voted yes gives up waiting and aborts on its own. */
import { step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { participant, type Participant, type VoteMsg } from '../../src/commit/two-phase-commit.ts';
import { processParams, twoPhaseSystem, type ProcessParams } from './processes.ts';

// Breaks agreement: the "fix" for blocking that 2PC forbids — once prepared, a participant may not decide alone.
const giveUp = { guard: (s: Participant) => s.phase === 'prepared', run: (s: Participant) => step<Participant, VoteMsg>({ ...s, phase: 'aborted' }) };

export default bundledModel<ProcessParams>({
  name: 'two-phase-commit-processes-impatient',
  family: 'commit',
  description: 'Broken 2PC as processes: a prepared participant times out and aborts on its own',
  params: processParams(0),
  network: 'unordered',
  mutantOf: 'two-phase-commit-processes',
  build: (p) => twoPhaseSystem(p, { participant: { ...participant, actions: { ...participant.actions, giveUp } } }),
});
