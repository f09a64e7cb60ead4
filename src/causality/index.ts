/** Causality over recorded runs: happens-before, vector timestamps, consistent cuts. */
export * from './run.ts';
export * from './cuts.ts';
