/**
 * Single-decree Paxos, shaped as Stateright's examples/paxos.rs: 3 servers (P0–P2) and 2 clients
 * (P3, P4), each client one put then one get, over an unordered network that neither loses nor
 * duplicates. Two instances: the consensus properties (agreement, validity: `paxos`), and
 * linearizability of the clients' register operations as Stateright checks it (`paxos-stateright`).
 */
import { sometimes, system, unordered, type Observed, type Protocol, type System } from 'interleave';
import { client, server, valueOf, type Client, type PaxosMsg, type PaxosState, type Server } from '../../src/consensus/paxos.ts';
import { acceptancesObserver, agreement, valueChosen, validity, type ConsensusView } from '../../spec/consensus.ts';
import { historyObserver, linearizable, register, type RegisterOp, type RegisterRet } from '../../spec/linearizability.ts';

export type PaxosParams = Record<string, number> & { readonly clients: number; readonly servers: number };
export const paxosParams = {
  clients: { default: 2, min: 1, max: 3, description: 'clients, each putting one value and then getting' },
  // At least 2: as in Stateright's paxos.rs, a proposer counts its majorities as its peers' replies
  // arrive, so a lone server, which has no peers, never has one (no value is ever chosen).
  servers: { default: 3, min: 2, max: 5, description: 'servers (proposer, acceptor and learner each)' },
};

type Code = { readonly server?: Protocol<Server, PaxosMsg, PaxosMsg>; readonly client?: Protocol<Client, PaxosMsg, PaxosMsg> };
const roles = ({ clients, servers }: PaxosParams, code: Code) => ({
  server: { protocol: code.server ?? server, count: servers },
  client: { protocol: code.client ?? client, count: clients },
});

export function consensusView(servers: number): ConsensusView<PaxosState> {
  return {
    acceptor: (s) => s.role === 'server',
    accepted: (s) => (s.role === 'server' && s.accepted ? [`${s.accepted[0][0]}.${s.accepted[0][1]}`, s.accepted[1][2]] : null),
    decided: (s) => (s.role === 'server' && s.decided && s.accepted ? s.accepted[1][2] : null),
    proposed: (g) => g.peers.client.flatMap((p, i) => ((g.procs[p] as Client).ops > 0 ? [valueOf(i)] : [])),
    acceptors: servers,
  };
}

/** Agreement, validity, and a witness that a value is chosen. */
export function paxosSystem(params: PaxosParams, code: Code = {}): System<PaxosState, PaxosMsg> {
  const view = consensusView(params.servers);
  const accepted = acceptancesObserver(view);
  return system<PaxosState, PaxosMsg>({ roles: roles(params, code), network: unordered, workload: { put: 1 },
    // A put that reaches a server after it decided is dropped (as in Stateright): that client waits for ever, which is not a deadlock of the algorithm.
    checkDeadlock: false,
    observers: [accepted], properties: [agreement(view, accepted), validity(view, accepted), valueChosen(view, accepted)] });
}

/** The register operations clients invoke (a PUT or GET sent) and see return (PUT_OK or GET_OK received). */
const operations = {
  invoked: (st: Observed<PaxosState, PaxosMsg>): RegisterOp | null => {
    if (st.role !== 'client') return null;
    for (const s of st.sent) {
      if (s.msg.type === 'PUT') return { kind: 'write', value: s.msg.value };
      if (s.msg.type === 'GET') return { kind: 'read' };
    }
    return null;
  },
  returned: (st: Observed<PaxosState, PaxosMsg>): RegisterRet | null => {
    if (st.role !== 'client' || st.kind !== 'receive' || st.before === st.after) return null;
    if (st.msg?.type === 'PUT_OK') return { kind: 'ok' };
    if (st.msg?.type === 'GET_OK') return { kind: 'value', value: st.msg.value };
    return null;
  },
};
export const paxosHistory = historyObserver(operations);

/** As Stateright checks it: the history of register operations is linearizable; a get returns a value that was put. */
export function paxosStaterightSystem(params: PaxosParams, code: Code = {}): System<PaxosState, PaxosMsg> {
  return system<PaxosState, PaxosMsg>({
    roles: roles(params, code),
    network: unordered,
    workload: { put: 1 },
    checkDeadlock: false, // as above; Stateright does not look for deadlocks
    observers: [paxosHistory],
    properties: [
      linearizable(register(0), paxosHistory),
      sometimes('value chosen', (g) => g.peers.client.some((c) => g.peers.server.some((sv) => g.channels[sv][c].some((m) => m.type === 'GET_OK' && m.value !== 0))), 'a GET_OK carrying a value put by a client is in flight (Stateright’s "value chosen")'),
    ],
  });
}
