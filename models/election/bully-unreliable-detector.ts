/** Mutant of bully: the failure detector may suspect a live process (a timeout that fires too early). */
import { step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { higherAlive } from '../../src/election/bully.ts';
import { bullyParams, bullySystem, type BullyParams } from './bully-system.ts';

export default bundledModel<BullyParams>({
  name: 'bully-unreliable-detector',
  family: 'election',
  description: 'Broken bully: the failure detector may suspect every higher process while they are live',
  params: bullyParams,
  network: 'unordered',
  mutantOf: 'bully',
  build: (p) =>
    bullySystem(p, (proto) => ({
      ...proto,
      actions: {
        ...proto.actions,
        // Breaks `one leader`: suspicion no longer waits for a crash, so a live higher process is passed over.
        suspectEarly: { guard: (s, ctx) => s.up && higherAlive(s, ctx).length > 0, run: (s, ctx) => step({ ...s, suspected: [...new Set([...s.suspected, ...higherAlive(s, ctx)])].sort((a, b) => a - b) }) },
      },
    })),
});
