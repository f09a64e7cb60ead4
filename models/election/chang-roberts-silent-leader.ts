/** Mutant of chang-roberts: the winner does not announce itself. */
import { step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { ringParams, ringSystem, type RingParams } from './ring.ts';

export default bundledModel<RingParams>({
  name: 'chang-roberts-silent-leader',
  family: 'election',
  description: 'Broken ring election: the owner of the largest id becomes leader but sends no ELECTED',
  params: ringParams,
  network: 'unordered',
  mutantOf: 'chang-roberts',
  build: (p) =>
    ringSystem(p, (proto) => ({
      ...proto,
      handlers: {
        ...proto.handlers,
        // Breaks `everyone knows the leader`: no ELECTED goes round.
        ELECTION: (s, msg, from, ctx) => (msg.id === s.id ? step({ ...s, leader: s.id }) : proto.handlers.ELECTION(s, msg, from, ctx)),
      },
    })),
});
