/**
 * Roles, observers and layers: the protocol level's composition features (checker/system/,
 * src/protocol.ts `layer`).
 */
import { describe, expect, it } from 'vitest';
import {
  UsageError,
  always,
  contextOf,
  explore,
  fifo,
  ghostOf,
  layer,
  send,
  sometimes,
  step,
  system,
  unordered,
  type Context,
  type Observer,
  type Protocol,
} from 'interleave';

// ---- a server and its clients: each client asks once, the server answers with a counter ------------

type Ask = { readonly type: 'ASK' };
type Answer = { readonly type: 'ANSWER'; readonly n: number };
type Server = { readonly answered: number };
type Client = { readonly got: number | null };

const seen: Context[] = [];
const server: Protocol<Server, Ask, Answer> = {
  name: 'server',
  init: (ctx) => (seen.push(ctx), { answered: 0 }),
  actions: {},
  handlers: { ASK: (s, _msg, from) => step({ answered: s.answered + 1 }, send(from, { type: 'ANSWER', n: s.answered + 1 })) },
};
const client: Protocol<Client, Answer, Ask> = {
  name: 'client',
  init: (ctx) => (seen.push(ctx), { got: null }),
  actions: { ask: { guard: () => true, run: (s, ctx) => step(s, send(ctx.peers.server[0], { type: 'ASK' })) } },
  handlers: { ANSWER: (_s, msg) => step({ got: msg.n }) },
  isDone: (s) => s.got !== null,
};
const got = (s: Server | Client): number | null => ('got' in s ? s.got : null);
const arrivals: Observer<readonly number[], Server | Client> = {
  name: 'arrivals',
  init: () => [],
  observe: (q, s) => (s.kind === 'receive' && s.action === 'ANSWER' ? [...q, s.p] : q),
};

function askSystem(clients: number, extra: { observers?: Observer<any, Server | Client>[]; crashes?: number } = {}) {
  return system<Server | Client, Ask | Answer>({
    roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: clients } },
    network: unordered,
    workload: { ask: 1 },
    ...extra,
    properties: [always('distinct answers', (g) => g.peers.client.every((p) => g.peers.client.every((q) => p === q || got(g.procs[p]) === null || got(g.procs[p]) !== got(g.procs[q]))))],
  });
}

describe('roles', () => {
  it('numbers processes across roles in declaration order and gives each its role, index and peers', () => {
    seen.length = 0;
    const r = explore(askSystem(2));
    expect(r.verdict).toBe('pass');
    const ctxs = seen.slice(0, 3).map((c) => ({ self: c.self, role: c.role, index: c.index, n: c.n }));
    expect(ctxs).toEqual([
      { self: 0, role: 'server', index: 0, n: 3 },
      { self: 1, role: 'client', index: 0, n: 3 },
      { self: 2, role: 'client', index: 1, n: 3 },
    ]);
    expect(seen[0].peers).toEqual({ server: [0], client: [1, 2] });
  });

  it('explores the same states as a hand count: 2 clients ask once each, answers in any order', () => {
    // Per client: not asked, ASK in flight, answer k in flight, got k; k numbers the ASKs in the
    // order the server took them. With m ASKs taken: m=0: 2·2 = 4; m=1: 2 (which) · 2 · 2 = 8;
    // m=2: 2 (who got 1) · 2 · 2 = 8. Total 20.
    const r = explore(askSystem(2));
    expect(r.distinctStates).toBe(20);
    expect(r.properties).toEqual([{ name: 'distinct answers', kind: 'always', status: 'holds' }]);
    expect(explore(askSystem(3)).distinctStates).toBeGreaterThan(20);
  });

  it('properties see each process with its role', () => {
    let roles: readonly string[] = [];
    const sys = system<Server | Client, Ask | Answer>({
      roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 2 } },
      network: fifo,
      workload: { ask: 1 },
      properties: [always('roles', (g) => ((roles = g.roles.slice()), true))],
    });
    explore(sys);
    expect(roles).toEqual(['server', 'client', 'client']);
  });

  it('labels steps with the role in traces of a system of several roles', () => {
    const sys = system<Server | Client, Ask | Answer>({
      roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 1 } },
      network: fifo,
      workload: { ask: 1 },
      properties: [always('never answered', (g) => got(g.procs[1]) === null)],
    });
    const r = explore(sys);
    expect(r.verdict).toBe('violation');
    expect(r.counterexample!.steps.map((s) => [s.actor, s.role, s.action])).toEqual([
      ['P1', 'client', 'ask'],
      ['P0', 'server', 'receives ASK from P1'],
      ['P1', 'client', 'receives ANSWER(n=1) from P0'],
    ]);
  });

  it('rejects bad role declarations with one-line usage errors', () => {
    expect(() => system({ roles: {}, network: fifo })).toThrow(UsageError);
    expect(() => system({ roles: { server: { protocol: server, count: 0 } }, network: fifo })).toThrow(/role server needs a positive count/);
    expect(() => system({ roles: { server: { protocol: server, count: 1 } }, protocol: server, n: 1, network: fifo } as never)).toThrow(/either roles or a protocol/);
    expect(() => system({ roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 1 } }, network: fifo, workload: { lock: 1 } })).toThrow(/workload names action 'lock', which any role \(server, client\) does not have/);
  });

  it('a message sent to a role with no handler for it is a model error naming the sender and the receiver', () => {
    const confused: Protocol<Client, Answer, Ask> = { ...client, actions: { ask: { guard: () => true, run: (s, ctx) => step(s, send(ctx.peers.client.find((p) => p !== ctx.self)!, { type: 'ASK' })) } } };
    const r = explore(system<Server | Client, Ask | Answer>({ roles: { server: { protocol: server, count: 1 }, client: { protocol: confused, count: 2 } }, network: fifo, workload: { ask: 1 } }));
    expect(r.verdict).toBe('error');
    expect(r.error).toMatch(/client\.actions\.ask\.run sends a message of type "ASK" to P2 \(client\), which has no handler/);
  });

  it('a single-role system names its one role after the protocol', () => {
    const ctx = contextOf(1, 3);
    expect(ctx).toMatchObject({ self: 1, n: 3, role: 'process', index: 1, others: [0, 2] });
    let role = '';
    const p: Protocol<{ readonly x: number }, { readonly type: 'M' }> = {
      name: 'solo',
      init: (c) => ((role = c.role), { x: 0 }),
      actions: {},
      handlers: { M: (s) => step(s) },
    };
    explore(system({ protocol: p, n: 2, network: fifo }));
    expect(role).toBe('solo');
  });
});

describe('observers', () => {
  it('fold each step into ghost state that properties read and traces show', () => {
    const r = explore(
      system<Server | Client, Ask | Answer>({
        roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 2 } },
        network: unordered,
        workload: { ask: 1 },
        observers: [arrivals],
        properties: [
          sometimes('later answer first', (g) => {
            const [first] = ghostOf(g, arrivals);
            return first !== undefined && got(g.procs[first]) === 2;
          }),
        ],
      }),
    );
    expect(r.verdict).toBe('pass');
    const w = r.witnesses['later answer first'];
    expect(w.steps.length).toBe(5);
    const last = w.steps[w.steps.length - 1];
    expect(last.state).toMatchObject({ arrivals: [last.process] });
    expect(last.changes.map((c) => c.path)).toContain('arrivals');
  });

  it('cost states only where the ghost tells states apart', () => {
    const constant: Observer<number> = { name: 'constant', init: () => 0, observe: (g) => g };
    expect(explore(askSystem(2, { observers: [constant] })).distinctStates).toBe(explore(askSystem(2)).distinctStates);
    // The arrival order tells apart the states where both answers arrived: 2 assignments × 2 orders instead of 2.
    expect(explore(askSystem(2, { observers: [arrivals] })).distinctStates).toBe(22);
  });

  it('see crashes as steps of their own', () => {
    const crashes: Observer<number> = { name: 'crashes', init: () => 0, observe: (k, s) => (s.kind === 'crash' ? k + 1 : k) };
    let most = 0;
    const sys = system<Server | Client, Ask | Answer>({
      roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 2 } },
      network: fifo,
      workload: { ask: 1 },
      crashes: 1,
      observers: [crashes],
      checkDeadlock: false,
      properties: [always('crash count', (g) => ((most = Math.max(most, ghostOf(g, crashes))), ghostOf(g, crashes) === g.crashed.filter(Boolean).length))],
    });
    expect(explore(sys).verdict).toBe('pass');
    expect(most).toBe(1);
  });

  it('see losses, with the message and its sender', () => {
    const losses: Observer<readonly string[]> = { name: 'losses', init: () => [], observe: (q, s) => (s.kind === 'lose' ? [...q, `${s.msg && (s.msg as { type: string }).type} P${s.from}→P${s.p}`] : q) };
    const r = explore(
      system<Server | Client, Ask | Answer>({
        roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 1 } },
        network: { order: 'fifo', lossy: true },
        workload: { ask: 1 },
        observers: [losses],
        checkDeadlock: false,
        properties: [sometimes('answer lost', (g) => ghostOf(g, losses).includes('ANSWER P0→P1'))],
      }),
    );
    expect(r.verdict).toBe('pass');
    expect(r.witnesses['answer lost'].steps.map((s) => s.action)).toEqual(['ask', 'receives ASK from P1', 'loses ANSWER(n=1) from P0 to P1']);
  });

  it('an observer that is not deterministic stops the search with a model error naming it', () => {
    let k = 0;
    const flaky: Observer<number> = { name: 'flaky', init: () => 0, observe: () => k++ % 2 };
    const r = explore(askSystem(1, { observers: [flaky] }));
    expect(r.verdict).toBe('error');
    expect(r.error).toMatch(/observer flaky is not deterministic: the same step gave \d and then \d$/);
  });

  it('ghostOf names an observer the system does not have', () => {
    const other: Observer<number> = { name: 'other', init: () => 0, observe: (g) => g };
    const r = explore(system<Server | Client, Ask | Answer>({ roles: { server: { protocol: server, count: 1 }, client: { protocol: client, count: 1 } }, network: fifo, workload: { ask: 1 }, properties: [always('reads other', (g) => ghostOf(g, other) === 0)] }));
    expect(r.verdict).toBe('error');
    expect(r.error).toMatch(/observer other is not part of this system/);
  });
});

describe('layers', () => {
  type Count = { readonly inner: Client; readonly steps: number };
  const counted = layer<Client, Answer, Count, Answer>(
    // A client that talks to itself is not a system; the layer is checked as a protocol alone.
    client as unknown as Protocol<Client, Answer>,
    {
      name: 'counted',
      init: (inner) => ({ inner, steps: 0 }),
      inner: (s) => s.inner,
      after: (s, res) => ({ state: { inner: res.state, steps: s.steps + 1 } }),
      allow: (s) => s.steps < 3,
      actions: { reset: { guard: (s) => s.steps > 0, run: (s) => step({ ...s, steps: 0 }) } },
    },
  );
  const ctx = contextOf(1, 2, { server: [0], client: [1] });

  it('keeps the inner protocol’s actions, handlers and guards, and adds its own', () => {
    expect(Object.keys(counted.actions)).toEqual(['ask', 'reset']);
    expect(Object.keys(counted.handlers)).toEqual(['ANSWER']);
    const s0 = counted.init(ctx);
    expect(s0).toEqual({ inner: { got: null }, steps: 0 });
    const s1 = counted.handlers.ANSWER(s0, { type: 'ANSWER', n: 4 }, 0, ctx).state;
    expect(s1).toEqual({ inner: { got: 4 }, steps: 1 });
    expect(counted.actions.ask.guard({ ...s1, steps: 3 }, ctx)).toBe(false);
    expect(counted.actions.reset.guard(s1, ctx)).toBe(true);
    expect(counted.isDone!(s1, ctx)).toBe(true);
    expect(counted.isDone!(s0, ctx)).toBe(false);
  });

  it('refuses names that clash with the inner protocol’s', () => {
    expect(() => layer(client as unknown as Protocol<Client, Answer>, { name: 'x', init: (i) => i, inner: (s) => s, after: (_s, r) => r, actions: { ask: client.actions.ask as never } })).toThrow(/has its own local action 'ask'/);
    expect(() => layer(client as unknown as Protocol<Client, Answer>, { name: 'x', init: (i) => i, inner: (s) => s, after: (_s, r) => r, handlers: { ANSWER: (s: Client) => step<Client, Answer>(s) } })).toThrow(/has its own message type 'ANSWER'/);
  });

  it('a throwing layer throws from the wrapped action', () => {
    const broken = layer(client as unknown as Protocol<Client, Answer>, { name: 'broken', init: (i) => i, inner: (s) => s, after: () => { throw new Error('boom'); } });
    expect(() => broken.actions.ask.run({ got: null }, ctx)).toThrow('boom');
  });
});
