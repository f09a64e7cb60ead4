/** The engine's application-level happens-before: multicast and deliver events, as declared by the steps. */
import { describe, expect, it } from 'vitest';
import { always, explore, happensBefore, multicast, step, system, unordered, type GlobalState, type Protocol } from 'interleave';

/**
 * A tiny relay: P0 multicasts `a`; a receiver holds a message back until it has been told to
 * deliver (its local action `release`), and P1 multicasts `b` whenever it likes.
 */
type L = { readonly held: readonly string[]; readonly delivered: readonly string[]; readonly sent: boolean };
type M = { readonly type: 'DATA'; readonly id: string };
const relay = (declare: boolean): Protocol<L, M> => ({
  name: 'relay',
  init: () => ({ held: [], delivered: [], sent: false }),
  actions: {
    send: {
      guard: (s, c) => !s.sent && c.self < 2,
      run: (s, c) => {
        const id = c.self === 0 ? 'a' : 'b';
        return step({ ...s, sent: true, delivered: [...s.delivered, id] }, multicast(c, { type: 'DATA', id }), declare ? { multicasts: [id], deliver: [id] } : {});
      },
    },
    release: {
      guard: (s) => s.held.length > 0,
      run: (s) => step({ ...s, held: s.held.slice(1), delivered: [...s.delivered, s.held[0]] }, declare ? { deliver: [s.held[0]] } : {}),
    },
  },
  handlers: { DATA: (s, m) => step({ ...s, held: [...s.held, m.id] }) },
});

/** Collects, over every reachable state, what properties see. */
function observe(declare: boolean) {
  const seen: GlobalState<L, M>[] = [];
  const probe = always<GlobalState<L, M>>('probe', (g) => {
    seen.push({ ...g, events: g.events.map((e) => e.slice()) });
    return true;
  });
  const r = explore(system({ protocol: relay(declare), n: 3, network: unordered, causality: true, properties: [probe] }), { checkDeadlock: false });
  return { r, seen };
}

describe('application-level events', () => {
  const { r, seen } = observe(true);
  it('declaring deliveries adds no state', () => {
    expect(r.distinctStates).toBe(observe(false).r.distinctStates);
  });
  it('a multicast ticks, a self-delivery follows it in the same step, a receipt is no application event', () => {
    const g = seen.find((x) => x.events[0].length === 1 && x.events[1].length === 1 && x.events[1][0].kind === 'receive');
    expect(g).toBeDefined();
    expect(g!.events[0][0].app).toEqual([
      { kind: 'multicast', id: 'a', avt: [1, 0, 0] },
      { kind: 'deliver', id: 'a', avt: [2, 0, 0] },
    ]);
    expect(g!.events[1][0].app).toEqual([]);
    // The network level orders the receipt after the send.
    expect(happensBefore(g!.events[0][0], g!.events[1][0])).toBe(true);
  });
  it('P1 received a before multicasting b: a → b at the network level, concurrent at the application level; after delivering a, a → b', () => {
    let heldOnly = 0;
    let delivered = 0;
    for (const g of seen) {
      const e1 = g.events[1];
      const sendB = e1.findIndex((e) => e.action === 'send');
      if (sendB < 0) continue;
      const before = e1.slice(0, sendB);
      const gotA = before.some((e) => e.kind === 'receive');
      if (!gotA) continue;
      const mA = g.events[0].find((e) => e.action === 'send')!.app!.find((x) => x.kind === 'multicast')!;
      const mB = e1[sendB].app!.find((x) => x.kind === 'multicast')!;
      const networkOrdered = happensBefore(g.events[0].find((e) => e.action === 'send')!, e1[sendB]);
      expect(networkOrdered).toBe(true);
      const deliveredA = before.some((e) => e.app?.some((x) => x.kind === 'deliver' && x.id === 'a'));
      expect(happensBefore({ vt: mA.avt }, { vt: mB.avt })).toBe(deliveredA);
      if (deliveredA) delivered++;
      else heldOnly++;
    }
    expect(heldOnly).toBeGreaterThan(0);
    expect(delivered).toBeGreaterThan(0);
  });
  it('a local action that declares nothing is an application event of its own', () => {
    const { seen: plain } = observe(false);
    const g = plain.find((x) => x.events[0].length === 1)!;
    expect(g.events[0][0].app).toEqual([{ kind: 'local', avt: [1, 0, 0] }]);
  });
  it("each process's first local event ticks its own entry (the empty history is every process's)", () => {
    const { seen: plain } = observe(false);
    let checked = 0;
    for (const g of plain) {
      g.events.forEach((es, p) => {
        if (es.length === 0 || es[0].kind !== 'local') return;
        checked++;
        expect(es[0].app).toEqual([{ kind: 'local', avt: [0, 1, 2].map((q) => (q === p ? 1 : 0)) }]);
      });
    }
    expect(plain.some((g) => g.events[1][0]?.kind === 'local')).toBe(true);
    expect(checked).toBeGreaterThan(0);
  });
  it('a declaration that is not a list stops the search with an error naming the function', () => {
    const bad: Protocol<L, M> = { ...relay(true), actions: { send: { guard: (s) => !s.sent, run: (s) => ({ state: { ...s, sent: true }, deliver: 'a' as never }) } } };
    const r = explore(system({ protocol: bad, n: 2, network: unordered, causality: true }));
    expect(r.verdict).toBe('error');
    expect(r.error).toMatch(/relay\.actions\.send\.run declares deliveries that are not a list/);
  });
});

describe('step() takes the declaration among its sends', () => {
  it('lists, single sends and declarations mix', () => {
    expect(step(1, { to: 1, msg: 'x' }, { deliver: ['a'] }, [{ to: 2, msg: 'y' }], { multicasts: ['m'], deliver: ['b'] })).toEqual({
      state: 1,
      send: [{ to: 1, msg: 'x' }, { to: 2, msg: 'y' }],
      multicasts: ['m'],
      deliver: ['a', 'b'],
    });
    expect(step(1, {})).toEqual({ state: 1 });
  });
});
