/**
 * Mutant of fifo-multicast-lossy: a retransmission takes a new SeqNo, so a receiver that had the
 * message already (its ack still on the way, or lost) delivers it a second time.
 */
import { send, step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { msgId } from '../../src/multicast/holdback.ts';
import { reliableFifoMulticast } from '../../src/multicast/reliable-fifo.ts';
import { quota } from '../../src/multicast/workload.ts';
import correct from './fifo-multicast-lossy.ts';
import { lossyFifoSystem } from './systems.ts';

export default bundledModel({
  name: 'fifo-multicast-lossy-renumber',
  family: 'multicast',
  description: 'Broken lossy FIFO multicast: a retransmission takes the next SeqNo, so a message already delivered is delivered again',
  params: correct.params,
  network: correct.network,
  mutantOf: 'fifo-multicast-lossy',
  build: ({ n, multicasts, senders }) => {
    const proto = reliableFifoMulticast({ multicasts, senders });
    const retransmit: typeof proto.actions.retransmit = {
      // As many renumbered sends as multicasts at most: Si would grow without bound (and so the states).
      guard: (s, ctx) => proto.actions.retransmit.guard(s, ctx) && s.sent < 2 * quota({ multicasts, senders }, ctx),
      // Breaks the notes' "Every message sent by Pi includes Si, incremented after each send – not
      // including retransmissions!": the message sent again carries Si + 1, and Si is incremented.
      run: (s, ctx) => {
        const seq = s.sent + 1;
        const lagging = ctx.others.filter((j) => s.acked[j] < s.sent);
        return step({ ...s, sent: seq }, lagging.map((j) => send(j, { type: 'DATA' as const, id: msgId(ctx.self, s.acked[j] + 1), seq })));
      },
    };
    return lossyFifoSystem(n, { ...proto, name: 'fifo-multicast-lossy-renumber', actions: { ...proto.actions, retransmit } }, multicasts);
  },
});
