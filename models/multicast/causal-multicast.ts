/** Causal multicast with vector timestamps: hold back until next from its sender and every dependency delivered. */
import { bundledModel } from '../manifest.ts';
import { causalSystem, orderingParams } from './systems.ts';

export default bundledModel({
  name: 'causal-multicast',
  family: 'multicast',
  description: 'Causal multicast: vector timestamps; held back until next from its sender with everything it depends on delivered',
  params: orderingParams(),
  network: 'unordered',
  build: ({ n, multicasts, senders }) => causalSystem(n, { multicasts, senders }),
});
