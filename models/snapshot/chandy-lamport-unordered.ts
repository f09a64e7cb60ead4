/** Mutant of chandy-lamport: channels are not FIFO, so a message sent after a snapshot can overtake the marker sent before it. */
import { defineModel, unordered } from 'interleave';
import correct, { snapshotSystem, type SnapshotParams } from './chandy-lamport.ts';

export default defineModel<SnapshotParams>({
  name: 'chandy-lamport-unordered',
  family: 'snapshot',
  description: 'Broken Chandy–Lamport: unordered channels (the algorithm assumes FIFO), so an application message can overtake a marker',
  params: correct.params,
  network: 'unordered',
  mutantOf: 'chandy-lamport',
  expect: { verdict: 'violation', property: 'channel states', traceLength: 4, distinctStates: 41 },
  build: (p) => snapshotSystem(p, {}, unordered),
});
