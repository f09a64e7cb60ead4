/**
 * Mutant of chandy-lamport, in the application: every credited transfer loses a fee of 1 that goes
 * nowhere. The snapshot algorithm is right, so the cut is consistent, the channels are right and
 * the recorded state is one the (leaky) bank can reach; conservation is what catches it — the use
 * of snapshots the notes name first ("distributed debugging").
 */
import { defineModel, fifo } from 'interleave';
import correct, { snapshotSystem, type SnapshotParams } from './chandy-lamport.ts';

export default defineModel<SnapshotParams>({
  name: 'chandy-lamport-leaky-bank',
  family: 'snapshot',
  description: 'Chandy–Lamport around a broken bank that loses a fee of 1 on every credit: the snapshot shows money missing',
  params: correct.params,
  network: correct.network,
  mutantOf: 'chandy-lamport',
  expect: { verdict: 'violation', property: 'conservation', traceLength: 11, distinctStates: 27_613 },
  build: (p) => snapshotSystem(p, {}, fifo, 1),
});
