/** Mutant of chandy-lamport: processes record their local states but not their incoming channels, so money in flight is lost from the snapshot. */
import { defineModel } from 'interleave';
import correct, { snapshotSystem, type SnapshotParams } from './chandy-lamport.ts';

export default defineModel<SnapshotParams>({
  name: 'chandy-lamport-no-channel-recording',
  family: 'snapshot',
  description: 'Broken Chandy–Lamport: channel states are not recorded (messages in flight at the cut are missing from the snapshot)',
  params: correct.params,
  network: correct.network,
  mutantOf: 'chandy-lamport',
  expect: { verdict: 'violation', property: 'channel states', traceLength: 8, distinctStates: 1_505 },
  build: (p) => snapshotSystem(p, { recordChannels: false }),
});
