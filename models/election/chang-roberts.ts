/** Chang–Roberts ring election: the largest id wins, everyone learns it, and the election messages are counted exactly. */
import { bundledModel } from '../manifest.ts';
import { ringParams, ringSystem, type RingParams } from './ring.ts';

export default bundledModel<RingParams>({
  name: 'chang-roberts',
  family: 'election',
  description: 'Chang–Roberts ring election: one leader, everyone learns it, exactly the election messages the arrangement implies',
  params: ringParams,
  network: 'unordered',
  build: (p) => ringSystem(p),
});
