/** Mutant of paxos: an acceptor accepts a ballot lower than the one it has promised. */
import { send, step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { server } from '../../src/consensus/paxos.ts';
import { paxosParams, paxosSystem, type PaxosParams } from './paxos-system.ts';

// Breaks agreement: the promise not to accept lower ballots is what keeps an older proposer from completing.
const acceptAnything: typeof server.handlers.ACCEPT = (s, msg, from) =>
  s.decided ? step(s) : step({ ...s, accepted: [msg.ballot, msg.proposal] }, send(from, { type: 'ACCEPTED', ballot: msg.ballot }));

export default bundledModel<PaxosParams>({
  name: 'paxos-accept-lower-ballot',
  family: 'consensus',
  description: 'Broken Paxos: an acceptor accepts a proposal whose ballot is below its promise',
  params: paxosParams,
  network: 'unordered',
  mutantOf: 'paxos',
  build: (p) => paxosSystem(p, { server: { ...server, handlers: { ...server.handlers, ACCEPT: acceptAnything } } }),
});
