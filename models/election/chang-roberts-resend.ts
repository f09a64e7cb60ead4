/** Mutant of chang-roberts: a process sends its own id again each time it swallows a smaller one. */
import { send, step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { next } from '../../src/election/chang-roberts.ts';
import { ringParams, ringSystem, type RingParams } from './ring.ts';

export default bundledModel<RingParams>({
  name: 'chang-roberts-resend',
  family: 'election',
  description: 'Wasteful ring election: every swallowed smaller id is replaced by another copy of the own id',
  params: ringParams,
  network: 'unordered',
  mutantOf: 'chang-roberts',
  build: (p) =>
    ringSystem(p, (proto) => ({
      ...proto,
      handlers: {
        ...proto.handlers,
        // Breaks the message count: the replacement is sent every time, not only before the process started.
        ELECTION: (s, msg, from, ctx) => (msg.id < s.id ? step({ ...s, started: true }, send(next(ctx), { type: 'ELECTION' as const, id: s.id })) : proto.handlers.ELECTION(s, msg, from, ctx)),
      },
    })),
});
