/** Causal multicast with vector timestamps: hold back until next from its sender and every dependency delivered. */
import { bundledModel } from '../manifest.ts';
import { causalSystem, firstNeed, orderingParams, twoMulticasts, twoSenders, twoToHoldBack } from './systems.ts';

export default bundledModel({
  name: 'causal-multicast',
  family: 'multicast',
  description: 'Causal multicast: vector timestamps; held back until next from its sender with everything it depends on delivered',
  params: orderingParams(),
  network: 'unordered',
  ruledOut: (p) => ({
    'held back': firstNeed(p, twoToHoldBack, (q) => (q.n < 3 && q.multicasts < 2 ? "needs n ≥ 3 or multicasts ≥ 2: two processes of one multicast each receive only each other's, which waits for nothing" : undefined)),
    'm2 held back until m1': firstNeed(
      p,
      twoSenders('m2 is multicast by another process after it delivered m1'),
      (q) => (q.n < 3 ? 'needs n ≥ 3: a third process, which receives m2 before m1' : undefined),
    ),
    'all delivered': firstNeed(p, twoMulticasts),
    'orders differ': firstNeed(p, twoSenders("causal order is the only order of one sender's multicasts")),
  }),
  build: ({ n, multicasts, senders }) => causalSystem(n, { multicasts, senders }),
});
