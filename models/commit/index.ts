/** Commit protocols. */
import type { ModelDefinition } from 'interleave';
import twoPhaseCommit from './two-phase-commit.ts';
import twoPhaseCommitEarlyCommit from './two-phase-commit-early-commit.ts';
import twoPhaseCommitProcesses from './two-phase-commit-processes.ts';
import twoPhaseCommitProcessesCrash from './two-phase-commit-processes-crash.ts';
import twoPhaseCommitProcessesImpatient from './two-phase-commit-processes-impatient.ts';
import twoPhaseCommitProcessesMajority from './two-phase-commit-processes-majority.ts';

export const commitModels = [
  twoPhaseCommit,
  twoPhaseCommitEarlyCommit,
  twoPhaseCommitProcesses,
  twoPhaseCommitProcessesCrash,
  twoPhaseCommitProcessesMajority,
  twoPhaseCommitProcessesImpatient,
] as unknown as readonly ModelDefinition[];
