/** Mutant of bully: the winner takes office without telling anyone. */
import { step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { bullyParams, bullySystem, type BullyParams } from './bully-system.ts';

export default bundledModel<BullyParams>({
  name: 'bully-silent-winner',
  family: 'election',
  description: 'Broken bully: declaring sends no COORDINATOR',
  params: bullyParams,
  network: 'unordered',
  mutantOf: 'bully',
  build: (p) =>
    bullySystem(p, (proto) => ({
      ...proto,
      actions: {
        ...proto.actions,
        // Breaks `highest live leader when settled`: the others only learn of it if they ask again.
        declare: { guard: proto.actions.declare.guard, run: (s, ctx) => step({ ...s, leader: ctx.self }) },
      },
    })),
});
