/** Mutant of tcommit: Decide lets a prepared RM commit without canCommit, while another RM may still abort (breaks `consistent`). */
import { bundledModel } from '../manifest.ts';
import correct, { tcommit } from './tcommit.ts';

export default bundledModel({
  name: 'tcommit-commit-alone',
  family: 'commit',
  description: 'Broken TCommit: a prepared RM commits without waiting for the others to prepare',
  params: correct.params,
  network: correct.network,
  mutantOf: 'tcommit',
  build: ({ rms }) => tcommit(rms, { name: 'tcommit-commit-alone', commitAlone: true }),
});
