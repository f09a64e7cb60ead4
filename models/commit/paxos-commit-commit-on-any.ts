/** Mutant of paxos-commit: Decide sends Commit once some instance (not every one) has decided "prepared" (breaks `consistent`). */
import { bundledModel } from '../manifest.ts';
import correct, { paxosCommit } from './paxos-commit.ts';

export default bundledModel({
  name: 'paxos-commit-commit-on-any',
  family: 'commit',
  description: 'Broken PaxosCommit: Decide commits when one RM’s instance has chosen "prepared"',
  params: correct.params,
  network: correct.network,
  mutantOf: 'paxos-commit',
  build: ({ rms, acceptors, ballots }) => paxosCommit(rms, acceptors, ballots, { name: 'paxos-commit-commit-on-any', commitOnAny: true }),
});
