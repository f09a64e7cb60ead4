/** Primary-backup replication of a register, with fail-over: linearizable. */
import { defineModel } from 'interleave';
import { pbParams, pbSystem, type PBParams } from './pb-system.ts';

export default defineModel<PBParams>({
  name: 'primary-backup',
  family: 'replication',
  description: 'Primary-backup register: the primary answers a write once the backup has it; the backup takes over on a crash; linearizable',
  params: pbParams,
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 31_706 },
  build: (p) => pbSystem(p),
});
