/** Single-decree Paxos: agreement and validity, with a witness that a value is chosen. */
import { bundledModel } from '../manifest.ts';
import { paxosParams, paxosSystem, type PaxosParams } from './paxos-system.ts';

export default bundledModel<PaxosParams>({
  name: 'paxos',
  family: 'consensus',
  description: 'Single-decree Paxos (servers and clients as in Stateright): at most one value chosen, and it was proposed',
  params: paxosParams,
  network: 'unordered',
  build: (p) => paxosSystem(p),
});
