/** Mutant of two-phase-commit-processes: the coordinator commits on a majority of yes votes. */
import { step, type Context } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { COMMIT, coordinator, tellAll, type Coordinator } from '../../src/commit/two-phase-commit.ts';
import { processParams, twoPhaseSystem, type ProcessParams } from './processes.ts';

// Breaks validity: "commit only if every participant voted yes" becomes "if most did".
const commitOnMajority = {
  guard: (s: Coordinator, ctx: Context) => s.phase === 'init' && 2 * s.prepared.length > ctx.peers.participant.length,
  run: (s: Coordinator, ctx: Context) => step({ ...s, phase: 'committed' as const }, tellAll(ctx, COMMIT)),
};

export default bundledModel<ProcessParams>({
  name: 'two-phase-commit-processes-majority',
  family: 'commit',
  description: 'Broken 2PC as processes: the coordinator commits once a majority voted yes',
  params: processParams(0),
  network: 'unordered',
  mutantOf: 'two-phase-commit-processes',
  build: (p) => twoPhaseSystem(p, { coordinator: { ...coordinator, actions: { ...coordinator.actions, commit: commitOnMajority } } }),
});
