/** Mutant of paxos-stateright: a server answers GET from what it has accepted, before it knows the value is decided. */
import { send, step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { server } from '../../src/consensus/paxos.ts';
import { paxosParams, paxosStaterightSystem, type PaxosParams } from './paxos-system.ts';

// Breaks linearizability: an accepted value is not yet chosen (nor is "nothing accepted" a sign that nothing was).
const earlyGet: typeof server.handlers.GET = (s, msg, from) => step(s, send(from, { type: 'GET_OK', req: msg.req, value: s.accepted ? s.accepted[1][2] : 0 }));

export default bundledModel<PaxosParams>({
  name: 'paxos-stateright-early-get',
  family: 'consensus',
  description: 'Broken Paxos register: an undecided server answers GET from its local state',
  params: paxosParams,
  network: 'unordered',
  mutantOf: 'paxos-stateright',
  build: (p) => paxosStaterightSystem(p, { server: { ...server, handlers: { ...server.handlers, GET: earlyGet } } }),
});
