/** Single-decree Paxos: agreement and validity, with a witness that a value is chosen. */
import { defineModel } from 'interleave';
import { paxosParams, paxosSystem, type PaxosParams } from './paxos-system.ts';

export default defineModel<PaxosParams>({
  name: 'paxos',
  family: 'consensus',
  description: 'Single-decree Paxos (servers and clients as in Stateright): at most one value chosen, and it was proposed',
  params: paxosParams,
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 278_442 },
  build: (p) => paxosSystem(p),
});
