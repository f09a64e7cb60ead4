/**
 * Why `paxos-stateright` has more distinct states than Stateright's 16,668 for the same instance:
 * the difference is in the engines' semantics, not in the protocol. This test runs the very same
 * handlers (src/consensus/paxos.ts) under Stateright's actor semantics, in a small breadth-first
 * search written here:
 *   - clients send their PUT in on_start (in the initial state), not in a later local step;
 *   - a delivery that changes nothing and sends nothing is not a step: the message stays in the
 *     network (so a server that is not decided leaves a GET in the network instead of keeping it);
 *   - the state is (actor states, the multiset of messages in flight, the linearizability history).
 * and finds exactly 16,668 states.
 */
import { describe, expect, it } from 'vitest';
import { contextOf, equalData, step, type Context } from 'interleave';
import { client, server, type PaxosMsg, type PaxosState } from '../../src/consensus/paxos.ts';
import { emptyHistory, invoke, respond, type History, type RegisterOp, type RegisterRet } from '../../spec/linearizability.ts';

type Envelope = readonly [number, number, PaxosMsg];
interface SrState {
  readonly procs: readonly PaxosState[];
  /** (envelope key, count), sorted by key. */
  readonly net: readonly (readonly [string, number])[];
  readonly history: History<RegisterOp, RegisterRet>;
}

function staterightCount(servers: number, clients: number): number {
  const n = servers + clients;
  const peers = { server: Array.from({ length: servers }, (_, i) => i), client: Array.from({ length: clients }, (_, i) => servers + i) };
  const ctxs: Context[] = Array.from({ length: n }, (_, p) => contextOf(p, n, peers));
  // Stateright leaves a GET in the network while the server is undecided: a no-op delivery here.
  const srServer = { ...server, handlers: { ...server.handlers, GET: (s: never, m: never, f: number, c: Context) => ((s as { decided: boolean }).decided ? server.handlers.GET(s, m, f, c) : step(s)) } };
  const protocolOf = (p: number) => (p < servers ? srServer : client);
  const envelopes = new Map<string, Envelope>();
  const keyOfEnv = (e: Envelope): string => {
    const k = JSON.stringify(e);
    envelopes.set(k, e);
    return k;
  };
  const addAll = (net: Map<string, number>, from: number, sends: readonly { to: number; msg: PaxosMsg }[]) => {
    for (const s of sends) {
      const k = keyOfEnv([from, s.to, s.msg]);
      net.set(k, (net.get(k) ?? 0) + 1);
    }
  };
  const recordOut = (h: History<RegisterOp, RegisterRet>, from: number, sends: readonly { to: number; msg: PaxosMsg }[]) => {
    let out = h;
    for (const s of sends) {
      if (s.msg.type === 'PUT') out = invoke(out, from, { kind: 'write', value: s.msg.value });
      else if (s.msg.type === 'GET') out = invoke(out, from, { kind: 'read' });
    }
    return out;
  };
  const freeze = (procs: PaxosState[], net: Map<string, number>, history: History<RegisterOp, RegisterRet>): SrState => ({ procs, net: [...net].filter(([, c]) => c > 0).sort((a, b) => (a[0] < b[0] ? -1 : 1)), history });

  // The initial state: every actor started; the clients' PUTs are in flight and in the history.
  const procs: PaxosState[] = ctxs.map((c, p) => protocolOf(p).init(c));
  const net = new Map<string, number>();
  let history = emptyHistory as History<RegisterOp, RegisterRet>;
  for (const c of peers.client) {
    const r = client.actions.put.run(procs[c] as never, ctxs[c]);
    procs[c] = r.state;
    addAll(net, c, r.send ?? []);
    history = recordOut(history, c, r.send ?? []);
  }
  const init = freeze(procs, net, history);
  // States are built by the same code every time, so JSON (field order included) is canonical here.
  const seen = new Set<string>([JSON.stringify(init)]);
  const queue: SrState[] = [init];
  for (let at = 0; at < queue.length; at++) {
    const s = queue[at];
    for (const [k] of s.net) {
      const [from, to, msg] = envelopes.get(k) as Envelope;
      const handler = (protocolOf(to).handlers as unknown as Record<string, (s: PaxosState, m: PaxosMsg, f: number, c: Context) => { state: PaxosState; send?: { to: number; msg: PaxosMsg }[] }>)[msg.type];
      const r = handler(s.procs[to], msg, from, ctxs[to]);
      const sends = r.send ?? [];
      if (sends.length === 0 && equalData(r.state, s.procs[to])) continue; // a no-op is not a step
      const net2 = new Map(s.net);
      net2.set(k, (net2.get(k) as number) - 1);
      addAll(net2, to, sends);
      let h = s.history;
      if (msg.type === 'PUT_OK') h = respond(h, to, { kind: 'ok' });
      if (msg.type === 'GET_OK') h = respond(h, to, { kind: 'value', value: msg.value });
      h = recordOut(h, to, sends);
      const procs2 = s.procs.slice();
      procs2[to] = r.state;
      const t = freeze(procs2, net2, h);
      const key = JSON.stringify(t);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(t);
      }
    }
  }
  return seen.size;
}

describe('paxos-stateright against Stateright’s semantics', () => {
  it('the same handlers under Stateright’s actor semantics give Stateright’s 16,668 states', () => {
    expect(staterightCount(3, 2)).toBe(16_668);
  });
});
