/** Commit protocols. */
import type { ModelDefinition } from 'interleave';
import twoPhaseCommit from './two-phase-commit.ts';
import twoPhaseCommitEarlyCommit from './two-phase-commit-early-commit.ts';

export const commitModels = [twoPhaseCommit, twoPhaseCommitEarlyCommit] as unknown as readonly ModelDefinition[];
