/**
 * Single-decree Paxos (L. Lamport, "Paxos made simple", 2001) in the shape of Stateright's
 * `examples/paxos.rs`: servers that are proposer, acceptor and learner at once, and clients that
 * each put one value and then get it. Written from the algorithm, not from that code.
 *
 * A server that receives a client's PUT (and has no proposal yet) becomes a proposer: it takes a
 * ballot (round+1, its id) and sends PREPARE. An acceptor promises a ballot higher than any it has
 * seen (PREPARED, with the proposal it last accepted). With a majority of promises (its own
 * included) the proposer proposes the proposal of the highest ballot among them, or its client's if
 * there is none, and sends ACCEPT. An acceptor accepts a ballot at least as high as its promise.
 * With a majority of ACCEPTED the proposer has its value chosen: it tells the others (DECIDED) and
 * answers its client. A decided server answers GET with the decided value; an undecided one keeps
 * the GET and answers it once it learns the decision (Stateright leaves it in the network).
 */
import { send, step, type Context, type Protocol, type Send } from '../protocol.ts';

/** (round, server id), compared lexicographically. */
export type Ballot = readonly [number, number];
/** (request id, client, value). */
export type Proposal = readonly [number, number, number];
export type Accepted = readonly [Ballot, Proposal];

export interface Server {
  readonly role: 'server';
  readonly ballot: Ballot;
  readonly proposal: Proposal | null;
  /** Promises received for the current ballot: (server, what it had accepted), ascending. */
  readonly prepares: readonly (readonly [number, Accepted | null])[];
  /** Servers that accepted the current ballot, ascending. */
  readonly accepts: readonly number[];
  readonly accepted: Accepted | null;
  readonly decided: boolean;
  /** GETs waiting for the decision: (client, request id), ascending. */
  readonly gets: readonly (readonly [number, number])[];
}

export interface Client {
  readonly role: 'client';
  readonly awaiting: number | null;
  /** Operations invoked so far. */
  readonly ops: number;
}

export type PaxosState = Server | Client;

export type ClientMsg = { readonly type: 'PUT'; readonly req: number; readonly value: number } | { readonly type: 'GET'; readonly req: number };
export type ReplyMsg = { readonly type: 'PUT_OK'; readonly req: number } | { readonly type: 'GET_OK'; readonly req: number; readonly value: number };
export type PeerMsg =
  | { readonly type: 'PREPARE'; readonly ballot: Ballot }
  | { readonly type: 'PREPARED'; readonly ballot: Ballot; readonly last: Accepted | null }
  | { readonly type: 'ACCEPT'; readonly ballot: Ballot; readonly proposal: Proposal }
  | { readonly type: 'ACCEPTED'; readonly ballot: Ballot }
  | { readonly type: 'DECIDED'; readonly ballot: Ballot; readonly proposal: Proposal };
export type PaxosMsg = ClientMsg | ReplyMsg | PeerMsg;

/** a < b, a = b, a > b as -1, 0, 1. */
export function compareBallots(a: Ballot, b: Ballot): number {
  return a[0] !== b[0] ? Math.sign(a[0] - b[0]) : Math.sign(a[1] - b[1]);
}

/** The accepted proposal of the highest ballot among the promises, or null if none had accepted any. */
export function highestAccepted(prepares: Server['prepares']): Accepted | null {
  let best: Accepted | null = null;
  for (const [, last] of prepares) {
    if (last === null) continue;
    if (best === null || compareBallots(last[0], best[0]) > 0 || (compareBallots(last[0], best[0]) === 0 && last[1][2] > best[1][2])) best = last;
  }
  return best;
}

export const majority = (servers: number): number => Math.floor(servers / 2) + 1;
const peersOf = (ctx: Context): number[] => ctx.peers.server.filter((p) => p !== ctx.self);
const withEntry = <T extends readonly [number, ...unknown[]]>(xs: readonly T[], x: T): T[] => [...xs.filter((y) => y[0] !== x[0]), x].sort((a, b) => a[0] - b[0]);

/** Answers to the GETs kept while undecided. */
function answerGets(s: Server, value: number): Send<PaxosMsg>[] {
  return s.gets.map(([client, req]) => send(client, { type: 'GET_OK', req, value }));
}

/** The proposal a proposer sends once it has a majority of promises: the rule Paxos's safety rests on. */
export type Choose = (s: Server) => Proposal;
export const chooseProposal: Choose = (s) => {
  const h = highestAccepted(s.prepares);
  return h !== null ? h[1] : (s.proposal as Proposal);
};

export type ServerHandlers = Protocol<Server, PaxosMsg, PaxosMsg>['handlers'];

export function serverHandlers(choose: Choose = chooseProposal): ServerHandlers {
  return {
    PUT: (s, msg, from, ctx) => {
      if (s.decided || s.proposal !== null) return step(s);
      const ballot: Ballot = [s.ballot[0] + 1, ctx.self];
      return step({ ...s, ballot, proposal: [msg.req, from, msg.value], prepares: [[ctx.self, s.accepted]], accepts: [] }, peersOf(ctx).map((p) => send(p, { type: 'PREPARE', ballot })));
    },
    GET: (s, msg, from) => (s.decided ? step(s, send(from, { type: 'GET_OK', req: msg.req, value: (s.accepted as Accepted)[1][2] })) : step({ ...s, gets: withEntry(s.gets, [from, msg.req] as const) })),
    PREPARE: (s, msg, from) => (s.decided || compareBallots(s.ballot, msg.ballot) >= 0 ? step(s) : step({ ...s, ballot: msg.ballot }, send(from, { type: 'PREPARED', ballot: msg.ballot, last: s.accepted }))),
    PREPARED: (s, msg, from, ctx) => {
      if (s.decided || compareBallots(s.ballot, msg.ballot) !== 0) return step(s);
      const t: Server = { ...s, prepares: withEntry(s.prepares, [from, msg.last] as const) };
      if (t.prepares.length !== majority(ctx.peers.server.length)) return step(t);
      const proposal = choose(t);
      return step({ ...t, proposal, accepted: [msg.ballot, proposal], accepts: [ctx.self] }, peersOf(ctx).map((p) => send(p, { type: 'ACCEPT', ballot: msg.ballot, proposal })));
    },
    ACCEPT: (s, msg, from) => (s.decided || compareBallots(s.ballot, msg.ballot) > 0 ? step(s) : step({ ...s, ballot: msg.ballot, accepted: [msg.ballot, msg.proposal] }, send(from, { type: 'ACCEPTED', ballot: msg.ballot }))),
    ACCEPTED: (s, msg, from, ctx) => {
      if (s.decided || compareBallots(s.ballot, msg.ballot) !== 0) return step(s);
      const t: Server = { ...s, accepts: [...s.accepts.filter((a) => a !== from), from].sort((a, b) => a - b) };
      if (t.accepts.length !== majority(ctx.peers.server.length)) return step(t);
      const proposal = t.proposal as Proposal;
      return step(
        { ...t, decided: true, gets: [] },
        peersOf(ctx).map((p) => send(p, { type: 'DECIDED', ballot: msg.ballot, proposal })),
        send(proposal[1], { type: 'PUT_OK', req: proposal[0] }),
        answerGets(t, proposal[2]),
      );
    },
    DECIDED: (s, msg) => (s.decided ? step(s) : step({ ...s, ballot: msg.ballot, accepted: [msg.ballot, msg.proposal], decided: true, gets: [] }, answerGets(s, msg.proposal[2]))),
    PUT_OK: (s) => step(s),
    GET_OK: (s) => step(s),
  };
}

export const server: Protocol<Server, PaxosMsg, PaxosMsg> = {
  name: 'paxos-server',
  init: () => ({ role: 'server', ballot: [0, 0], proposal: null, prepares: [], accepts: [], accepted: null, decided: false, gets: [] }),
  actions: {},
  handlers: serverHandlers(),
};

/** The value client number i (from 0) puts: 1, 2, … (0 is the register's initial value). */
export const valueOf = (i: number): number => i + 1;

/**
 * A client puts one value, then gets: as Stateright's register clients, client c (its index
 * among all processes) sends PUT(req c) to server c mod S, then GET(req 2c) to server (c+1) mod S.
 */
export const client: Protocol<Client, PaxosMsg, PaxosMsg> = {
  name: 'paxos-client',
  init: () => ({ role: 'client', awaiting: null, ops: 0 }),
  actions: {
    put: { guard: (s) => s.ops === 0, run: (s, ctx) => step({ ...s, awaiting: ctx.self, ops: 1 }, send(ctx.self % ctx.peers.server.length, { type: 'PUT', req: ctx.self, value: valueOf(ctx.index) })) },
  },
  handlers: {
    PUT_OK: (s, msg, _from, ctx) => (msg.req === s.awaiting ? step({ ...s, awaiting: 2 * ctx.self, ops: 2 }, send((ctx.self + 1) % ctx.peers.server.length, { type: 'GET', req: 2 * ctx.self })) : step(s)),
    GET_OK: (s, msg) => (msg.req === s.awaiting ? step({ ...s, awaiting: null, ops: 3 }) : step(s)),
    PUT: (s) => step(s),
    GET: (s) => step(s),
    PREPARE: (s) => step(s),
    PREPARED: (s) => step(s),
    ACCEPT: (s) => step(s),
    ACCEPTED: (s) => step(s),
    DECIDED: (s) => step(s),
  },
  isDone: (s) => s.ops === 3,
};
