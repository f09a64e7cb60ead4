/** Mutant of paxos: a proposer with no accepted value in its promises proposes a value no client asked for. */
import { bundledModel } from '../manifest.ts';
import { chooseProposal, server, serverHandlers, type Proposal } from '../../src/consensus/paxos.ts';
import { paxosParams, paxosSystem, type PaxosParams } from './paxos-system.ts';

// Breaks validity: the free choice must be a client's value; this one is 99.
const invent = serverHandlers((s) => {
  const p = chooseProposal(s);
  return p === s.proposal ? ([p[0], p[1], 99] as Proposal) : p;
});

export default bundledModel<PaxosParams>({
  name: 'paxos-invented-value',
  family: 'consensus',
  description: 'Broken Paxos: a proposer free to choose proposes a value no client proposed',
  params: paxosParams,
  network: 'unordered',
  mutantOf: 'paxos',
  build: (p) => paxosSystem(p, { server: { ...server, handlers: { ...server.handlers, PREPARED: invent.PREPARED } } }),
});
