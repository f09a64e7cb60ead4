/**
 * Mutant of chandy-lamport: the layer wraps the application's local actions but forgets their
 * guards, so a branch can transfer money it does not have. Money is still conserved, the cut is
 * consistent and the channels are right: only "the recorded state could have occurred" catches
 * it, because the bank on its own never overdraws. Its default balance is 1, so that the guard
 * matters (with 10 it never blocks).
 */
import { defineModel } from 'interleave';
import correct, { snapshotSystem, type SnapshotParams } from './chandy-lamport.ts';

export default defineModel<SnapshotParams>({
  name: 'chandy-lamport-ignores-guards',
  family: 'snapshot',
  description: "Broken Chandy–Lamport layer that drops the application's guards: a branch overdraws, a state the bank alone never reaches",
  params: { ...correct.params, balance: { ...correct.params.balance, default: 1 } },
  network: correct.network,
  mutantOf: 'chandy-lamport',
  expect: { verdict: 'violation', property: 'recorded state reachable', traceLength: 11, distinctStates: 27_613 },
  build: (p) => snapshotSystem(p, { applicationGuards: false }),
});
