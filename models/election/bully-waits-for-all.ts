/** Mutant of bully: a process declares only once it suspects every other process, not just the higher ones. */
import { bundledModel } from '../manifest.ts';
import { bullyParams, bullySystem, type BullyParams } from './bully-system.ts';

export default bundledModel<BullyParams>({
  name: 'bully-waits-for-all',
  family: 'election',
  description: 'Broken bully: a process declares only when it suspects every other process, so the highest live one never takes office (a run that never settles)',
  params: bullyParams,
  network: 'unordered',
  mutantOf: 'bully',
  build: (p) =>
    bullySystem(p, (proto) => ({
      ...proto,
      actions: {
        ...proto.actions,
        // Breaks `eventually the highest live process is leader`: "suspects every higher process" became "every other process".
        declare: { ...proto.actions.declare, guard: (s, ctx) => s.up && s.started && s.leader !== ctx.self && ctx.others.every((q) => s.suspected.includes(q)) },
      },
    })),
});
