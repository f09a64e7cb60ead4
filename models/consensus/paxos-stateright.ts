/** Single-decree Paxos as Stateright's examples/paxos.rs checks it: the clients' register history is linearizable. */
import { bundledModel } from '../manifest.ts';
import { paxosParams, paxosStaterightSystem, type PaxosParams } from './paxos-system.ts';

export default bundledModel<PaxosParams>({
  name: 'paxos-stateright',
  family: 'consensus',
  description: 'Single-decree Paxos shaped as Stateright’s example (2 clients, 3 servers): the register history is linearizable',
  params: paxosParams,
  network: 'unordered',
  build: (p) => paxosStaterightSystem(p),
});
