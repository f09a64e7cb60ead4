/** Mutant of chang-roberts: every id is forwarded, smaller ones too, so a smaller id also comes home. */
import { send, step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { next } from '../../src/election/chang-roberts.ts';
import { ringParams, ringSystem, type RingParams } from './ring.ts';

export default bundledModel<RingParams>({
  name: 'chang-roberts-forward-all',
  family: 'election',
  description: 'Broken ring election: smaller ids are forwarded instead of swallowed',
  params: ringParams,
  network: 'unordered',
  mutantOf: 'chang-roberts',
  build: (p) =>
    ringSystem(p, (proto) => ({
      ...proto,
      handlers: {
        ...proto.handlers,
        // Breaks `one leader`: a smaller id is not swallowed, so its owner also gets it back and leads.
        ELECTION: (s, msg, from, ctx) => (msg.id < s.id ? step({ ...s, started: true }, send(next(ctx), msg), ...(s.started ? [] : [send(next(ctx), { type: 'ELECTION' as const, id: s.id })])) : proto.handlers.ELECTION(s, msg, from, ctx)),
      },
    })),
});
