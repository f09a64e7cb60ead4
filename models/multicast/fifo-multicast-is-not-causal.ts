/**
 * The notes' claim that FIFO order is not causal order, as a check: FIFO multicast against the
 * causal-order property (ground-truth happens-before). The checker finds the notes' trace: P0
 * multicasts m1, P1 delivers it and multicasts m2, so m1 → m2, yet P2 delivers m2 first.
 */
import { fifoMulticast } from '../../src/multicast/fifo.ts';
import { bundledModel } from '../manifest.ts';
import { multicastSystem, orderingParams } from './systems.ts';

export default bundledModel({
  name: 'fifo-multicast-is-not-causal',
  family: 'multicast',
  description: 'Claim check: FIFO multicast is not causal (m1 → m2, yet a process delivers m2 first)',
  params: orderingParams({ multicasts: 1 }),
  network: 'unordered',
  build: ({ n, multicasts, senders }) => multicastSystem({ protocol: fifoMulticast({ multicasts, senders }), n, claims: ['integrity', 'FIFO order', 'causal order'] }),
});
