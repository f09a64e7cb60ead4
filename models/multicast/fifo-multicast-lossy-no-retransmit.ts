/** Mutant of fifo-multicast-lossy: nothing is retransmitted, so a lost message is never delivered (a stuck path, exit 13). */
import { defineModel } from 'interleave';
import { reliableFifoMulticast } from '../../src/multicast/reliable-fifo.ts';
import correct from './fifo-multicast-lossy.ts';
import { lossyFifoSystem } from './systems.ts';

export default defineModel({
  name: 'fifo-multicast-lossy-no-retransmit',
  family: 'multicast',
  description: 'Broken lossy FIFO multicast: no retransmission, so a lost message is never delivered',
  params: correct.params,
  network: correct.network,
  mutantOf: 'fifo-multicast-lossy',
  expect: { verdict: 'liveness', property: 'every multicast is eventually delivered', traceLength: 6 },
  build: ({ n, multicasts, senders }) => {
    const proto = reliableFifoMulticast({ multicasts, senders });
    // Breaks "a lost message must be retransmitted": the retransmit action is gone.
    const { retransmit: _gone, ...actions } = proto.actions;
    return lossyFifoSystem(n, { ...proto, name: 'fifo-multicast-lossy-no-retransmit', actions }, multicasts);
  },
});
