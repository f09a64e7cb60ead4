/**
 * The four mutual-exclusion protocols, step by step: each local action and handler does what its
 * slide says, and impossible inputs are errors that name the values involved.
 */
import { describe, expect, it } from 'vitest';
import { contextOf, type Protocol, type Step } from 'interleave';
import { client as csClient, coordinator, type ClientState, type CoordinatorState } from '../../src/mutex/central-server.ts';
import { lamportMutex, type LMMessage, type LMState } from '../../src/mutex/lamport-mutex.ts';
import { ricartAgrawala, type RAMessage, type RAState } from '../../src/mutex/ricart-agrawala.ts';
import { successor, tokenRing, type TRState } from '../../src/mutex/token-ring.ts';
import { grantingCoordinator, okWhileHeld, regenerateOnTimeout } from '../../models/mutex/mutants.ts';

const ctx = (self: number, n: number) => contextOf(self, n);
/** Contexts of the central server's roles: the coordinator P0, clients P1 … Pn-1. */
const csCtx = (self: number, n: number) => contextOf(self, n, { coordinator: [0], client: Array.from({ length: n - 1 }, (_, i) => i + 1) });

/** Runs local action `a` of `protocol` at process self (its guard must hold). */
function act<L, M extends { type: string }, O extends { type: string }>(protocol: Protocol<L, M, O>, a: string, s: NoInfer<L>, self: number, n: number, context = ctx): Step<L, O> {
  const action = protocol.actions[a];
  if (!action) throw new Error(`${protocol.name} has no action ${a}`);
  if (!action.guard(s, context(self, n))) throw new Error(`${protocol.name}.${a} is not enabled at P${self} in ${JSON.stringify(s)}`);
  return action.run(s, context(self, n));
}

/** Delivers msg from `from` to process self. */
function recv<L, M extends { type: string }, O extends { type: string }>(protocol: Protocol<L, M, O>, s: NoInfer<L>, msg: NoInfer<M>, from: number, self: number, n: number, context = ctx): Step<L, O> {
  const h = (protocol.handlers as unknown as Record<string, (s: L, m: M, f: number, c: ReturnType<typeof ctx>) => Step<L, O>>)[msg.type];
  return h(s, msg, from, context(self, n));
}

/** The names of the actions enabled at process self in state s. */
const enabled = <L, M extends { type: string }>(protocol: Protocol<L, M>, s: NoInfer<L>, self: number, n: number): string[] =>
  Object.entries(protocol.actions)
    .filter(([, a]) => a.guard(s, ctx(self, n)))
    .map(([k]) => k);

describe('central server', () => {
  const n = 4; // coordinator P0 and clients P1..P3
  const C0 = coordinator.init(csCtx(0, n));
  const client = csClient.init(csCtx(1, n));
  const lock = (s: CoordinatorState, from: number) => recv(coordinator, s, { type: 'LOCK' }, from, 0, n, csCtx);
  const unlock = (s: CoordinatorState, from: number) => recv(coordinator, s, { type: 'UNLOCK' }, from, 0, n, csCtx);

  it('two roles: the coordinator only coordinates, a client starts FREE and may lock', () => {
    expect(C0).toEqual({ holder: null, queue: [] });
    expect(client).toEqual({ mode: 'FREE' });
    expect(Object.keys(coordinator.actions)).toEqual([]);
    expect(Object.keys(coordinator.handlers)).toEqual(['LOCK', 'UNLOCK']);
    expect(Object.keys(csClient.handlers)).toEqual(['GRANT']);
    expect(Object.entries(csClient.actions).filter(([, a]) => a.guard(client, csCtx(1, n))).map(([k]) => k)).toEqual(['lock']);
  });

  it('lock: WANT and a LOCK to the coordinator, found among its peers', () => {
    expect(act(csClient, 'lock', client, 2, n, csCtx)).toEqual({ state: { mode: 'WANT' }, send: [{ to: 0, msg: { type: 'LOCK' } }] });
    const elsewhere = (self: number, k: number) => contextOf(self, k, { client: [0, 1], coordinator: [2] });
    expect(act(csClient, 'lock', client, 0, 3, elsewhere).send).toEqual([{ to: 2, msg: { type: 'LOCK' } }]);
  });

  it('the coordinator grants when free, queues in arrival order when held, and grants the head of the queue on unlock', () => {
    const s1 = lock(C0, 2);
    expect(s1).toEqual({ state: { holder: 2, queue: [] }, send: [{ to: 2, msg: { type: 'GRANT' } }] });
    const s3 = lock(lock(s1.state, 3).state, 1);
    expect(s3).toEqual({ state: { holder: 2, queue: [3, 1] } });
    expect(unlock(s3.state, 2)).toEqual({ state: { holder: 3, queue: [1] }, send: [{ to: 3, msg: { type: 'GRANT' } }] });
    expect(unlock({ holder: 1, queue: [] }, 1)).toEqual({ state: { holder: null, queue: [] } });
  });

  it('the mutant (models/mutex) grants every lock, held or not', () => {
    expect(grantingCoordinator.name).toBe('coordinator-no-holder-check');
    const s = recv(grantingCoordinator, { holder: 2, queue: [] }, { type: 'LOCK' }, 3, 0, n, csCtx);
    expect(s).toEqual({ state: { holder: 3, queue: [] }, send: [{ to: 3, msg: { type: 'GRANT' } }] });
  });

  it('GRANT enters; unlock leaves with an UNLOCK to the coordinator', () => {
    const held: ClientState = recv(csClient, { mode: 'WANT' }, { type: 'GRANT' }, 0, 1, n, csCtx).state;
    expect(held).toEqual({ mode: 'HELD' });
    expect(act(csClient, 'unlock', held, 1, n, csCtx)).toEqual({ state: { mode: 'FREE' }, send: [{ to: 0, msg: { type: 'UNLOCK' } }] });
  });

  it('a GRANT the client did not ask for is an error naming the processes', () => {
    expect(() => recv(csClient, client, { type: 'GRANT' }, 0, 1, n, csCtx)).toThrow(/P1 received GRANT from P0 in mode FREE/);
  });
});

describe('token ring', () => {
  const tr = tokenRing();
  const n = 3;

  it('P0 starts with the token; the ring is P0 → P1 → P2 → P0', () => {
    expect([0, 1, 2].map((p) => tr.init(ctx(p, n)))).toEqual([
      { mode: 'FREE', token: true },
      { mode: 'FREE', token: false },
      { mode: 'FREE', token: false },
    ]);
    expect([0, 1, 2].map((p) => successor(ctx(p, n)))).toEqual([1, 2, 0]);
  });

  it('enter only with the token; pass it on when not needed, or on exit', () => {
    const want: TRState = { mode: 'WANT', token: false };
    expect(enabled(tr, want, 1, n)).toEqual([]);
    expect(enabled(tr, { mode: 'WANT', token: true }, 1, n)).toEqual(['enter']);
    expect(enabled(tr, { mode: 'FREE', token: true }, 1, n)).toEqual(['request', 'pass']);
    expect(act(tr, 'pass', { mode: 'FREE', token: true }, 2, n)).toEqual({ state: { mode: 'FREE', token: false }, send: [{ to: 0, msg: { type: 'TOKEN' } }] });
    expect(act(tr, 'exit', { mode: 'HELD', token: true }, 1, n)).toEqual({ state: { mode: 'FREE', token: false }, send: [{ to: 2, msg: { type: 'TOKEN' } }] });
  });

  it('a second token is an error in the correct ring, and merges in the regenerating variant', () => {
    expect(() => recv(tr, { mode: 'FREE', token: true }, { type: 'TOKEN' }, 0, 1, n)).toThrow(/P1 already holds a token and received another from P0/);
    const bad = regenerateOnTimeout.protocol;
    expect(recv(bad, { mode: 'FREE', token: true }, { type: 'TOKEN' }, 0, 1, n).state).toEqual({ mode: 'FREE', token: true });
    expect(enabled(bad, { mode: 'WANT', token: false }, 1, n)).toEqual(['timeout']);
    expect(enabled(tr, { mode: 'WANT', token: false }, 1, n)).toEqual([]);
  });
});

describe('Ricart–Agrawala re-entry variant', () => {
  const n = 3;
  const plain = ricartAgrawala();
  const re = ricartAgrawala({ reenter: true });
  const afterExit: RAState = { mode: 'FREE', clock: 3, requestedAt: 1, oks: 2, deferred: [] };

  it('the most recent holder, having given no OK away, re-enters with no messages', () => {
    expect(re.name).toBe('ricart-agrawala-reenter');
    expect(act(re, 'request', afterExit, 0, n)).toEqual({ state: { ...afterExit, mode: 'HELD' } });
    // The plain algorithm asks again.
    expect(act(plain, 'request', afterExit, 0, n).send).toHaveLength(2);
  });

  it('replying OK while FREE gives the permissions up; replying while WANT does not', () => {
    const replied = recv(re, afterExit, { type: 'REQUEST', ts: 5 }, 1, 0, n);
    expect(replied.state.oks).toBe(0);
    expect(act(re, 'request', replied.state, 0, n).send).toHaveLength(2);
    const wanting: RAState = { mode: 'WANT', clock: 3, requestedAt: 3, oks: 1, deferred: [] };
    expect(recv(re, wanting, { type: 'REQUEST', ts: 1 }, 1, 0, n).state.oks).toBe(1);
    // In the plain algorithm oks is left alone (the state space must stay SPIN's).
    expect(recv(plain, afterExit, { type: 'REQUEST', ts: 5 }, 1, 0, n).state.oks).toBe(2);
  });

  it('leaving with queued requests gives the permissions up', () => {
    const held: RAState = { mode: 'HELD', clock: 4, requestedAt: 1, oks: 2, deferred: [2] };
    expect(act(re, 'exit', held, 0, n)).toEqual({ state: { ...held, mode: 'FREE', deferred: [], oks: 0 }, send: [{ to: 2, msg: { type: 'OK' } }] });
    expect(act(re, 'exit', { ...held, deferred: [] }, 0, n).state.oks).toBe(2);
  });

  it('the mutant (models/mutex) replies OK while HELD', () => {
    const held: RAState = { mode: 'HELD', clock: 4, requestedAt: 1, oks: 2, deferred: [] };
    expect(recv(plain, held, { type: 'REQUEST', ts: 2 }, 1, 0, n)).toEqual({ state: { ...held, clock: 5, deferred: [1] } });
    expect(recv<RAState, RAMessage, RAMessage>(okWhileHeld.protocol, held, { type: 'REQUEST', ts: 2 }, 1, 0, n)).toEqual({ state: { ...held, clock: 5 }, send: [{ to: 1, msg: { type: 'OK' } }] });
  });
});

describe("Lamport's mutex", () => {
  const lm = lamportMutex();
  const n = 3;
  const free: LMState = lm.init(ctx(0, n));

  it('request: queue the own (time, id) and multicast it', () => {
    expect(act(lm, 'request', free, 1, n)).toEqual({
      state: { mode: 'WANT', clock: 1, requestedAt: 1, queue: [{ ts: 1, p: 1 }], heardLater: [] },
      send: [
        { to: 0, msg: { type: 'REQUEST', ts: 1 } },
        { to: 2, msg: { type: 'REQUEST', ts: 1 } },
      ],
    });
  });

  it('a request is queued in (time, id) order and acknowledged with a later stamp', () => {
    const s: LMState = { mode: 'FREE', clock: 4, requestedAt: 0, queue: [{ ts: 2, p: 2 }], heardLater: [] };
    const r = recv(lm, s, { type: 'REQUEST', ts: 2 } as LMMessage, 1, 0, n);
    expect(r.state.queue).toEqual([
      { ts: 2, p: 1 },
      { ts: 2, p: 2 },
    ]);
    expect(r.send).toEqual([{ to: 1, msg: { type: 'ACK', ts: 4 } }]);
    expect(recv(lm, { ...s, clock: 1 }, { type: 'REQUEST', ts: 6 } as LMMessage, 1, 0, n).send).toEqual([{ to: 1, msg: { type: 'ACK', ts: 7 } }]);
  });

  it('enter needs the own request first and a later-stamped message from every other process', () => {
    const want: LMState = { mode: 'WANT', clock: 3, requestedAt: 2, queue: [{ ts: 2, p: 0 }], heardLater: [] };
    // P1's request (2, 1) is later than (2, 0): it counts; an ack stamped 2 from P2 is later than (2, 0) too.
    const a = recv(lm, want, { type: 'REQUEST', ts: 2 } as LMMessage, 1, 0, n).state;
    expect(a.queue).toEqual([{ ts: 2, p: 0 }, { ts: 2, p: 1 }]);
    expect(a.heardLater).toEqual([1]);
    expect(enabled(lm, a, 0, n)).toEqual([]);
    const b = recv(lm, a, { type: 'ACK', ts: 2 } as LMMessage, 2, 0, n).state;
    expect(b.heardLater).toEqual([1, 2]);
    expect(enabled(lm, b, 0, n)).toEqual(['enter']);
    // The same messages, with P1's request earlier than ours: not first, so no entry.
    const c: LMState = { ...want, requestedAt: 3, queue: [{ ts: 2, p: 1 }, { ts: 3, p: 0 }], heardLater: [1, 2] };
    expect(enabled(lm, c, 0, n)).toEqual([]);
  });

  it('an ack stamped earlier than the request does not count (it answered something older)', () => {
    const want: LMState = { mode: 'WANT', clock: 5, requestedAt: 5, queue: [{ ts: 5, p: 0 }], heardLater: [] };
    expect(recv(lm, want, { type: 'ACK', ts: 4 } as LMMessage, 1, 0, n).state.heardLater).toEqual([]);
    expect(recv(lm, want, { type: 'ACK', ts: 5 } as LMMessage, 2, 0, n).state.heardLater).toEqual([2]);
    expect(recv(lm, want, { type: 'ACK', ts: 5 } as LMMessage, 2, 3, 4).state.heardLater).toEqual([]);
  });

  it('release removes the own request and multicasts; receiving one removes the sender’s', () => {
    const held: LMState = { mode: 'HELD', clock: 7, requestedAt: 2, queue: [{ ts: 2, p: 0 }, { ts: 3, p: 2 }], heardLater: [] };
    expect(act(lm, 'release', held, 0, n)).toEqual({
      state: { mode: 'FREE', clock: 7, requestedAt: 0, queue: [{ ts: 3, p: 2 }], heardLater: [] },
      send: [
        { to: 1, msg: { type: 'RELEASE', ts: 7 } },
        { to: 2, msg: { type: 'RELEASE', ts: 7 } },
      ],
    });
    const other: LMState = { mode: 'WANT', clock: 4, requestedAt: 3, queue: [{ ts: 2, p: 0 }, { ts: 3, p: 2 }], heardLater: [] };
    expect(recv(lm, other, { type: 'RELEASE', ts: 7 } as LMMessage, 0, 2, n).state).toEqual({ ...other, clock: 7, queue: [{ ts: 3, p: 2 }], heardLater: [0] });
  });
});
