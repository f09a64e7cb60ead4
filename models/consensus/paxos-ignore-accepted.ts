/** Mutant of paxos: a proposer ignores the values its promises report as accepted. */
import { bundledModel } from '../manifest.ts';
import { server, serverHandlers, type Proposal } from '../../src/consensus/paxos.ts';
import { paxosParams, paxosSystem, type PaxosParams } from './paxos-system.ts';

// Breaks agreement: a new proposer must re-propose the highest accepted value; this one proposes its client's.
const ownValue = serverHandlers((s) => s.proposal as Proposal);

export default bundledModel<PaxosParams>({
  name: 'paxos-ignore-accepted',
  family: 'consensus',
  description: 'Broken Paxos: a proposer proposes its own client’s value even when a promise reports an accepted one',
  params: paxosParams,
  network: 'unordered',
  mutantOf: 'paxos',
  build: (p) => paxosSystem(p, { server: { ...server, handlers: { ...server.handlers, PREPARED: ownValue.PREPARED } } }),
});
