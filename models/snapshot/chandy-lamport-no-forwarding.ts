/**
 * Mutant of chandy-lamport: a process that records on its first marker does not send markers
 * itself, so the others wait for ever for a marker on its channels (termination fails).
 *
 * Its default bank is idle (transfers=0), so that the shortest counterexample is the one this
 * mutant is about: termination. With transfers the shortest counterexample comes earlier and is
 * an inconsistent cut (a non-forwarding process's later transfers reach a process that has not
 * recorded yet, unannounced by any marker); test/snapshot pins both.
 */
import { defineModel } from 'interleave';
import correct, { snapshotSystem, type SnapshotParams } from './chandy-lamport.ts';

export default defineModel<SnapshotParams>({
  name: 'chandy-lamport-no-forwarding',
  family: 'snapshot',
  description: 'Broken Chandy–Lamport: a process that records on a marker does not forward markers, so snapshots never complete',
  params: { ...correct.params, transfers: { ...correct.params.transfers, default: 0 } },
  network: correct.network,
  mutantOf: 'chandy-lamport',
  expect: { verdict: 'violation', property: 'termination', traceLength: 3, distinctStates: 21 },
  build: (p) => snapshotSystem(p, { forwardMarkers: false }),
});
