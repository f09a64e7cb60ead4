/**
 * Mutant of token-ring (requesting forever): the exit step keeps the process in the critical
 * section. Mutual exclusion holds, but a holder never releases (a lasso, exit 13).
 */
import { defineModel, step } from 'interleave';
import type { TRMessage, TRState } from '../../src/mutex/token-ring.ts';
import { tokenRing } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

const ring = tokenRing();
const proto = ring.protocol;
/** Breaks "when finished, leave": exit changes nothing. */
const neverLeaves = { ...proto, name: 'token-ring-never-leaves', actions: { ...proto.actions, exit: { ...proto.actions.exit, run: (s: TRState) => step<TRState, TRMessage>(s) } } };

export default defineModel<MutexParams>({
  name: 'token-ring-never-leaves',
  family: 'mutex',
  description: 'Broken token ring: exit does not leave the critical section, so a holder never releases (liveness)',
  params: mutexParams({ n: 3, entries: 0 }, 16, true),
  network: 'fifo',
  mutantOf: 'token-ring',
  expect: { verdict: 'liveness', property: 'every holder eventually releases', traceLength: 5 },
  build: (p) => basic({ ...ring, protocol: neverLeaves }, p),
});
