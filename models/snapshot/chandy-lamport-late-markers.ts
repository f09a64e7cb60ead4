/**
 * Mutant of chandy-lamport: a process records in one step and sends its markers in a later one,
 * so it can resume application sends in between, and a message sent after its snapshot reaches a
 * neighbour before the marker that should have closed the channel.
 */
import { defineModel } from 'interleave';
import correct, { snapshotSystem, type SnapshotParams } from './chandy-lamport.ts';

export default defineModel<SnapshotParams>({
  name: 'chandy-lamport-late-markers',
  family: 'snapshot',
  description: 'Broken Chandy–Lamport: markers are sent in a later step than the recording, after application sends may have resumed',
  params: correct.params,
  network: correct.network,
  mutantOf: 'chandy-lamport',
  expect: { verdict: 'violation', property: 'consistent cut', traceLength: 8, distinctStates: 2_981 },
  build: (p) => snapshotSystem(p, { markersInSameStep: false }),
});
