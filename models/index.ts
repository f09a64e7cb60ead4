/** The bundled models, in the order `interleave list` shows them. */
import type { ModelDefinition } from 'interleave';
import twoPhaseCommit from './two-phase-commit.ts';
import twoPhaseCommitEarlyCommit from './two-phase-commit-early-commit.ts';
import ricartAgrawala from './ricart-agrawala.ts';
import ricartAgrawalaNoTiebreak from './ricart-agrawala-no-tiebreak.ts';

export const models: readonly ModelDefinition[] = [
  twoPhaseCommit,
  twoPhaseCommitEarlyCommit,
  ricartAgrawala,
  ricartAgrawalaNoTiebreak,
] as unknown as readonly ModelDefinition[];

export default models;
