/**
 * paxos-commit as a plain `Model` (`plainModel` of the same action spec): not a registered model,
 * the other side of `npm run bench`'s PaxosCommit rows (the action form against the plain form).
 *
 *   npx interleave check models/commit/paxos-commit-plain.ts    # 1,321,761 states, as TLC
 */
import { plainModel } from 'interleave';
import { paxosCommit } from './paxos-commit.ts';

export default plainModel(paxosCommit(2, 3, 2));
