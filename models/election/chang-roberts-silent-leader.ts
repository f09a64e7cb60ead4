/** Mutant of chang-roberts: the winner does not announce itself. */
import { defineModel, step } from 'interleave';
import { ringParams, ringSystem, type RingParams } from './ring.ts';

export default defineModel<RingParams>({
  name: 'chang-roberts-silent-leader',
  family: 'election',
  description: 'Broken ring election: the owner of the largest id becomes leader but sends no ELECTED',
  params: ringParams,
  network: 'unordered',
  mutantOf: 'chang-roberts',
  expect: { verdict: 'violation', property: 'everyone knows the leader', traceLength: 13 },
  build: (p) =>
    ringSystem(p, (proto) => ({
      ...proto,
      handlers: {
        ...proto.handlers,
        // Breaks "everyone knows the leader": no ELECTED goes round.
        ELECTION: (s, msg, from, ctx) => (msg.id === s.id ? step({ ...s, leader: s.id }) : proto.handlers.ELECTION(s, msg, from, ctx)),
      },
    })),
});
