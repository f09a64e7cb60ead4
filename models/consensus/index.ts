/** Consensus: single-decree Paxos. */
import type { ModelDefinition } from 'interleave';
import paxos from './paxos.ts';
import paxosAcceptLowerBallot from './paxos-accept-lower-ballot.ts';
import paxosIgnoreAccepted from './paxos-ignore-accepted.ts';
import paxosInventedValue from './paxos-invented-value.ts';
import paxosStateright from './paxos-stateright.ts';
import paxosStaterightEarlyGet from './paxos-stateright-early-get.ts';

export const consensusModels = [paxos, paxosAcceptLowerBallot, paxosIgnoreAccepted, paxosInventedValue, paxosStateright, paxosStaterightEarlyGet] as unknown as readonly ModelDefinition[];
