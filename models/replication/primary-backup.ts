/** Primary-backup replication of a register, with fail-over: linearizable. */
import { bundledModel } from '../manifest.ts';
import { pbParams, pbSystem, type PBParams } from './pb-system.ts';

export default bundledModel<PBParams>({
  name: 'primary-backup',
  family: 'replication',
  description: 'Primary-backup register: the primary answers a write once the backup has it; the backup takes over on a crash; linearizable',
  params: pbParams,
  network: 'unordered',
  build: (p) => pbSystem(p),
});
