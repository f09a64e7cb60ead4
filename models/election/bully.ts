/** The bully algorithm with crash-stop and a perfect failure detector. */
import { bundledModel } from '../manifest.ts';
import { bullyParams, bullySystem, type BullyParams } from './bully-system.ts';

export default bundledModel<BullyParams>({
  name: 'bully',
  family: 'election',
  description: 'Bully election with crash-stop and a perfect failure detector: one live leader, the highest live one once settled',
  params: bullyParams,
  network: 'unordered',
  build: (p) => bullySystem(p),
});
