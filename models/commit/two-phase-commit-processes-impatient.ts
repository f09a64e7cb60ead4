/** Mutant of two-phase-commit-processes: a participant that voted yes gives up waiting and aborts on its own. */
import { defineModel, step } from 'interleave';
import { participant, type Participant, type VoteMsg } from '../../src/commit/two-phase-commit.ts';
import { processParams, twoPhaseSystem, type ProcessParams } from './processes.ts';

// Breaks agreement: the "fix" for blocking that 2PC forbids — once prepared, a participant may not decide alone.
const giveUp = { guard: (s: Participant) => s.phase === 'prepared', run: (s: Participant) => step<Participant, VoteMsg>({ ...s, phase: 'aborted' }) };

export default defineModel<ProcessParams>({
  name: 'two-phase-commit-processes-impatient',
  family: 'commit',
  description: 'Broken 2PC as processes: a prepared participant times out and aborts on its own',
  params: processParams(0),
  network: 'unordered',
  mutantOf: 'two-phase-commit-processes',
  expect: { verdict: 'violation', property: 'agreement', traceLength: 8 },
  build: (p) => twoPhaseSystem(p, { participant: { ...participant, actions: { ...participant.actions, giveUp } } }),
});
