/** Mutant of fifo-multicast-lossy: nothing is retransmitted, so a lost message is never delivered (a stuck path, exit 13). */
import { bundledModel } from '../manifest.ts';
import { reliableFifoMulticast } from '../../src/multicast/reliable-fifo.ts';
import correct from './fifo-multicast-lossy.ts';
import { lossyFifoSystem } from './systems.ts';

export default bundledModel({
  name: 'fifo-multicast-lossy-no-retransmit',
  family: 'multicast',
  description: 'Broken lossy FIFO multicast: no retransmission, so a lost message is never delivered',
  params: correct.params,
  network: correct.network,
  mutantOf: 'fifo-multicast-lossy',
  build: ({ n, multicasts, senders }) => {
    const proto = reliableFifoMulticast({ multicasts, senders });
    // Breaks the rule: a lost message must be retransmitted; the retransmit action is gone.
    const { retransmit: _gone, ...actions } = proto.actions;
    return lossyFifoSystem(n, { ...proto, name: 'fifo-multicast-lossy-no-retransmit', actions }, multicasts);
  },
});
