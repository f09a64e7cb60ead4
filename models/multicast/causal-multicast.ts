/** Causal multicast with vector timestamps: hold back until next from its sender and every dependency delivered. */
import { defineModel } from 'interleave';
import { causalSystem, orderingParams } from './systems.ts';

export default defineModel({
  name: 'causal-multicast',
  family: 'multicast',
  description: 'Causal multicast: vector timestamps; held back until next from its sender with everything it depends on delivered',
  params: orderingParams(),
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 15_032 },
  pinned: [{ params: { multicasts: 1, senders: 3 }, verdict: 'pass', distinctStates: 1_008 }],
  build: ({ n, multicasts, senders }) => causalSystem(n, { multicasts, senders }),
});
