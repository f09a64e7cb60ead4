/**
 * TLA+ semantics and expressiveness: TLC's CONSTRAINT and ACTION_CONSTRAINT beside `within`,
 * indexed variables over several dimensions, choice labels, set diffs and value order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actionModel,
  always,
  compareValues,
  emptySet,
  except,
  exceptAt,
  exists,
  explore,
  formatTrace,
  over,
  setAdd,
  setOf,
  show,
  sometimes,
  type Model,
  type ValueSet,
} from 'interleave';
import { asyncTerminationDetection } from '../../models/tla/async-termination-detection.ts';

describe('constraint (TLC CONSTRAINT) beside within', () => {
  it("reproduces TLC's count for AsyncTerminationDetection.cfg where within does not", () => {
    const c = explore(asyncTerminationDetection(4, 3));
    expect([c.verdict, c.distinctStates]).toEqual(['pass', 4_097]); // TLC, tlaplus/Examples manifest
    const w = explore(asyncTerminationDetection(4, 3, { bound: 'within' }));
    expect(w.verdict).toBe('pass');
    expect(w.distinctStates).toBeGreaterThan(4_097); // the boundary states are counted too
    expect(c.stats['successors outside the constraint']).toBeGreaterThan(0);
  });

  /** A counter that may step by 1 or 2 from x < 10; `constraint` and `within` bound it at `bound`. */
  const counter = (bound: number, extra: Partial<Model<number, number>> = {}): Model<number, number> => ({
    name: 'counter',
    init: () => [0],
    actions: (x) => (x < 10 ? [1, 2] : []),
    next: (x, d) => x + d,
    checkDeadlock: false,
    ...extra,
  });

  it('on a Model: successors outside are neither counted nor expanded', () => {
    expect(explore(counter(4, { constraint: (x) => x <= 4 })).distinctStates).toBe(5); // 0..4
    expect(explore(counter(4, { within: (x) => x <= 4 })).distinctStates).toBe(7); // 0..6: 5 and 6 are kept
  });

  it("checks invariants on states outside the constraint, as TLC does, with the trace ending there", () => {
    const r = explore(counter(4, { constraint: (x) => x <= 4, properties: [always('below 6', (x) => x < 6)] }));
    expect(r.verdict).toBe('violation');
    expect(r.counterexample?.property?.name).toBe('below 6');
    const last = r.counterexample?.steps.at(-1);
    expect(last?.state).toBe(6); // 4 + 2: outside the constraint, never counted
    expect(r.distinctStates).toBeLessThanOrEqual(5);
  });

  it('an initial state outside the constraint is not counted but is checked', () => {
    expect(explore(counter(4, { init: () => [0, 7], constraint: (x) => x <= 4 })).distinctStates).toBe(5);
    const r = explore(counter(4, { init: () => [7], constraint: (x) => x <= 4, properties: [always('small', (x) => x < 7)] }));
    expect(r.verdict).toBe('violation');
    expect(r.counterexample?.steps).toHaveLength(0);
  });

  it('a state whose only successors are outside the constraint is not a deadlock (TLC counts successors before the constraint)', () => {
    const m = counter(4, { constraint: (x) => x <= 4, checkDeadlock: true, isEnd: (x) => x === 10 });
    expect(explore(m).verdict).toBe('pass');
    // With within, the boundary state 5 has no expansion and is no deadlock either; with the steps cut in the actions it would be.
    expect(explore({ ...m, constraint: undefined, actions: (x: number) => [1, 2].filter((d) => x + d <= 4) }).verdict).toBe('deadlock');
  });

  it('actionConstraint drops steps (here: steps of 2)', () => {
    const r = explore(counter(4, { actionConstraint: (x, y) => y - x === 1 }));
    expect(r.distinctStates).toBe(11);
    expect(r.transitions).toBe(20); // each of 0..9 still generates both steps
    const a = explore(actionModel<{ x: number }>({ init: () => [{ x: 0 }], actions: { One: (s) => s.x < 10 && { x: s.x + 1 }, Two: (s) => s.x < 10 && { x: s.x + 2 } }, actionConstraint: (s, t) => t.x % 3 !== 0, checkDeadlock: false }));
    expect(a.distinctStates).toBe(explore(counter(4, { actionConstraint: (_x, y) => y % 3 !== 0 || y === 0 })).distinctStates);
  });

  it('finds exactly the states reachable through states inside the constraint (random graphs, both forms)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 19 }), { maxLength: 3 }), { minLength: 20, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (edges, inside) => {
          inside[0] = true;
          // Reference: BFS from 0 through states inside the constraint only.
          const seen = new Set([0]);
          const queue = [0];
          while (queue.length) for (const t of edges[queue.shift() as number]) if (inside[t] && !seen.has(t)) (seen.add(t), queue.push(t));
          const m: Model<number, number> = { init: () => [0], actions: (x) => edges[x], next: (_x, t) => t, constraint: (x) => inside[x], checkDeadlock: false };
          expect(explore(m).distinctStates).toBe(seen.size);
          const a = actionModel<{ x: number }>({
            init: () => [{ x: 0 }],
            actions: { Go: (s) => exists({ k: [0, 1, 2] }, ({ k }) => k < edges[s.x].length && { x: edges[s.x][k] }) },
            constraint: (s) => inside[s.x],
            checkDeadlock: false,
          });
          expect(explore(a).distinctStates).toBe(seen.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('indexed over two dimensions', () => {
  type Req = { readonly req: readonly (readonly number[])[] };
  const P = [0, 1, 2];
  const spec = (bad = false) =>
    actionModel<Req>({
      name: 'grid requests',
      init: () => [{ req: P.map(() => P.map(() => 0)) }],
      indexed: { req: 2 },
      actions: {
        Ask: over(P, (s, p) => exists({ q: P }, ({ q }) => p !== q && s.req[p][q] < 2 && { req: exceptAt(s.req, [p, q], s.req[p][q] + 1) })),
        Reset: over(P, (s, p) => s.req[p].some((x) => x > 0) && { req: except(s.req, p, P.map(() => 0)) }),
      },
      properties: [always('no self request', (s) => P.every((p) => s.req[p][p] === 0 || bad)), always('below 2 from 1 to 0', (s) => s.req[1][0] < 2)],
      checkDeadlock: false,
    });
  const asModel: Model<Req, string> = {
    init: () => [{ req: P.map(() => P.map(() => 0)) }],
    actions: (s) => [...P.flatMap((p) => P.filter((q) => p !== q && s.req[p][q] < 2).map((q) => `a${p}${q}`)), ...P.filter((p) => s.req[p].some((x) => x > 0)).map((p) => `r${p}`)],
    next: (s, a) => ({ req: s.req.map((row, p) => (a[0] === 'r' ? (p === Number(a[1]) ? P.map(() => 0) : row) : row.map((x, q) => (p === Number(a[1]) && q === Number(a[2]) ? x + 1 : x)))) }),
    checkDeadlock: false,
  };

  it('explores the same states as the plain Model of the same spec', () => {
    const a = explore(actionModel({ ...spec(), properties: [] }));
    const m = explore(asModel);
    expect([a.distinctStates, a.transitions]).toEqual([m.distinctStates, m.transitions]);
    expect(a.distinctStates).toBe(3 ** 6);
  });

  it('traces name entries as req[1][0] and choices by the values chosen', () => {
    const r = explore(spec());
    expect(r.verdict).toBe('violation');
    const text = formatTrace(r.counterexample as NonNullable<typeof r.counterexample>);
    expect(text).toContain('req[1][0]: 0 → 1');
    expect(text).toContain('req[1][0]: 1 → 2');
    expect(text).toContain('Ask(1, q=0)');
    expect(r.counterexample?.steps.map((s) => s.action)).toEqual(['Ask(1, q=0)', 'Ask(1, q=0)']);
  });

  it('states decode as arrays of arrays', () => {
    const states: unknown[] = [];
    explore(actionModel({ ...spec(), properties: [] }), { onState: (s) => states.push(s), maxStates: 3 });
    expect(states[0]).toEqual({ req: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] });
  });

  it('a row replaced whole, and a value of the wrong shape, are handled', () => {
    const bad = actionModel<Req>({ init: () => [{ req: [[0, 0], [0, 0]] }], indexed: { req: 2 }, actions: { Go: (s) => ({ req: except(s.req, 0, [1, 2, 3]) }) } });
    const r = explore(bad);
    expect(r.verdict).toBe('error');
    expect(r.error).toContain('array of length 3 where req has 2 at depth 2');
    const jagged = actionModel<Req>({ init: () => [{ req: [[0, 0], [0]] }], indexed: { req: 2 }, actions: { Go: () => false } });
    expect(explore(jagged).error).toContain("indexed variable 'req' (2 dimensions) in the initial state: its arrays at depth 2 have different lengths");
  });
});

describe('choice labels', () => {
  it('show the values an exists chose, nested ones appended', () => {
    const m = actionModel<{ x: number; y: number }>({
      init: () => [{ x: 0, y: 0 }],
      actions: { Set: (s) => s.x === 0 && exists({ i: [1, 2] }, ({ i }) => exists({ j: ['a', 'b'] }, ({ j }) => j === 'b' && { x: i, y: i * 10 })) },
      properties: [always('x is not 2', (s) => s.x !== 2)],
      checkDeadlock: false,
    });
    const r = explore(m);
    expect(r.counterexample?.steps.map((s) => s.action)).toEqual(['Set(i=2, j=b)']);
  });

  it('a list of updates without exists keeps #k', () => {
    const m = actionModel<{ x: number }>({ init: () => [{ x: 0 }], actions: { Pick: (s) => s.x === 0 && [{ x: 1 }, { x: 2 }] }, properties: [always('not 2', (s) => s.x !== 2)], checkDeadlock: false });
    expect(explore(m).counterexample?.steps[0].action).toBe('Pick #2');
  });
});

describe('sets in traces', () => {
  it('a set-valued field is shown by the members added and removed', () => {
    type S = { readonly msgs: ValueSet<number>; readonly n: number };
    const m = actionModel<S>({
      init: () => [{ msgs: emptySet(), n: 0 }],
      actions: { Send: (s) => s.n < 3 && { msgs: setAdd(s.msgs, 10 - s.n * 4), n: s.n + 1 }, Drop: (s) => s.n === 3 && s.msgs.length === 3 && { msgs: s.msgs.filter((x) => x !== 6) } },
      properties: [always('not two', (s) => !(s.n === 3 && s.msgs.length === 2))],
      checkDeadlock: false,
    });
    const text = formatTrace(explore(m).counterexample as never);
    expect(text).toContain('msgs: + {10}');
    expect(text).toContain('msgs: + {6}');
    expect(text).toContain('msgs: - {6}');
    expect(text).not.toContain('msgs: {');
  });

  it('sets, Sets and Map keys print in value order: numbers numerically, then strings, then structures', () => {
    expect(show(setOf(10, 9, 2))).toBe('{2, 9, 10}');
    expect(show(new Set<unknown>(['b', { type: 'M' }, 10, 'a', 9]))).toBe('{9, 10, a, b, M}');
    expect(show(new Map<unknown, number>([[10, 1], [2, 2], ['x', 3]]))).toBe('{2↦2, 10↦1, x↦3}');
    expect(setOf(10, 9, 2, 10)).toEqual([2, 9, 10]);
    expect([3, 'a', 1, { b: 1 }, 'B', 2.5].sort(compareValues)).toEqual([1, 2.5, 3, 'B', 'a', { b: 1 }]);
  });

  it('a value set equals itself whatever the order members were added in', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constantFrom('a', 'b', 'c'), fc.record({ k: fc.integer({ min: 0, max: 3 }) }))), (xs) => {
        const a = setOf(...xs);
        const b = setOf(...[...xs].reverse());
        expect(b).toEqual(a);
        expect([...a].sort(compareValues)).toEqual(a);
      }),
    );
  });
});

describe('adaptive memoisation', () => {
  /** A counter and a flag: Count reads both (a new pair in every state: no hits), Flip reads the flag alone. */
  type C = { readonly n: number; readonly flag: boolean };
  const spec = (memoise?: import('interleave').Memoise) =>
    actionModel<C>({
      init: () => [{ n: 0, flag: false }],
      actions: { Count: (s) => s.n < 3000 && { n: s.n + (s.flag ? 1 : 1) }, Flip: (s) => ({ flag: !s.flag }) },
      properties: [always('small', (s) => s.n + (s.flag ? 1 : 0) <= 3001), sometimes('flagged', (s) => s.flag)],
      checkDeadlock: false,
      memoise,
    });

  it('turns off the memo of a function that misses, keeps the one that hits, and reports which', () => {
    const r = explore(spec({ window: 256, minHits: 0.5 }));
    expect(r.verdict).toBe('pass');
    expect(r.stats['memo.off after calls: Count']).toBeGreaterThan(0);
    expect(r.stats['memo.off after calls: Flip']).toBeUndefined();
    expect(r.stats['memo.off after calls: property small']).toBeGreaterThan(0);
    expect(r.stats['memo.functions not memoised']).toBe(2);
    // The default window is larger than this search is long: nothing is turned off.
    expect(explore(spec()).stats['memo.functions not memoised']).toBe(0);
    expect(explore(spec('never')).stats['memo.functions memoised']).toBe(0);
  });

  it('gives the same report under every policy (random action models)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 3 }), { minLength: 40, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (edges, bad, window, minHits) => {
          bad[0] = false;
          const m = (memoise: import('interleave').Memoise) =>
            actionModel<{ x: number; y: number }>({
              init: () => [{ x: 0, y: 0 }],
              actions: {
                Go: over([0, 1, 2], (s, k) => k < edges[s.x].length && { x: edges[s.x][k] }),
                Tick: (s) => s.y < 2 && { y: s.y + 1 },
              },
              properties: [always('good', (s) => !bad[s.x] || s.y < 2), sometimes('ticked', (s) => s.y === 2)],
              checkDeadlock: false,
              memoise,
            });
          const summary = (r: ReturnType<typeof explore>) => [r.verdict, r.distinctStates, r.transitions, r.counterexample?.steps.map((s) => s.action)];
          const expected = summary(explore(m('never')));
          expect(summary(explore(m('always')))).toEqual(expected);
          expect(summary(explore(m({ window, minHits })))).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('plainModel: the same spec as a plain Model', () => {
  it('explores the same states and gives the same trace as the action form', async () => {
    const { plainModel } = await import('interleave');
    const { paxosCommit } = await import('../../models/commit/paxos-commit.ts');
    const { tcommit } = await import('../../models/commit/tcommit.ts');
    for (const spec of [asyncTerminationDetection(3, 2), paxosCommit(1, 3, 2), tcommit(3, { commitAlone: true }), paxosCommit(2, 1, 1, { commitOnAny: true })]) {
      const a = explore(spec);
      const m = explore(plainModel(spec as Parameters<typeof plainModel>[0]));
      expect([m.verdict, m.distinctStates, m.transitions]).toEqual([a.verdict, a.distinctStates, a.transitions]);
      expect(m.counterexample?.steps.map((s) => s.action)).toEqual(a.counterexample?.steps.map((s) => s.action));
    }
  });
});
