import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { actionModel, always, except, explore, over, setAdd, setHas, sometimes, type ActionSpec, type Model, type ValueSet } from 'interleave';

/** A grid walk: x and y in 0..n, each stepped by its own action. */
type XY = { readonly x: number; readonly y: number };
function grid(n: number, extra: Partial<ActionSpec<XY>> = {}): ActionSpec<XY> {
  return {
    name: 'grid',
    init: () => [{ x: 0, y: 0 }],
    actions: {
      IncX: (s) => s.x < n && { x: s.x + 1 },
      IncY: (s) => s.y < n && { y: s.y + 1 },
    },
    checkDeadlock: false,
    ...extra,
  };
}

/** The same walk at the generic level's first form. */
function gridModel(n: number): Model<XY, string> {
  return {
    name: 'grid',
    init: () => [{ x: 0, y: 0 }],
    actions: (s) => [...(s.x < n ? ['IncX'] : []), ...(s.y < n ? ['IncY'] : [])],
    next: (s, a) => (a === 'IncX' ? { ...s, x: s.x + 1 } : { ...s, y: s.y + 1 }),
    checkDeadlock: false,
  };
}

/** Processes with a flag each (an indexed variable) and a set of the ones that finished. */
type Flags = { readonly flag: readonly ('idle' | 'busy' | 'done')[]; readonly finished: ValueSet<number> };
function flags(n: number, calls?: number[]): ActionSpec<Flags> {
  const P = Array.from({ length: n }, (_, i) => i);
  return {
    name: 'flags',
    init: () => [{ flag: P.map(() => 'idle' as const), finished: [] }],
    indexed: ['flag'],
    actions: {
      Start: over(P, (s, p) => {
        if (calls) calls[p]++;
        return s.flag[p] === 'idle' && { flag: except(s.flag, p, 'busy') };
      }),
      Finish: over(P, (s, p) => s.flag[p] === 'busy' && { flag: except(s.flag, p, 'done'), finished: setAdd(s.finished, p) }),
    },
    properties: [
      always('finished are done', (s) => s.finished.every((p) => s.flag[p] === 'done')),
      sometimes('all done', (s) => s.flag.every((f) => f === 'done')),
    ],
    isEnd: (s) => s.flag.every((f) => f === 'done'),
    actor: (_name, p) => `P${p}`,
  };
}

const check = <S extends object>(spec: ActionSpec<S>) => explore(actionModel(spec));

describe('action models', () => {
  it('explores the same graph as the equivalent Model (states, transitions, depth), for any bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), (n) => {
        const a = check(grid(n));
        const m = explore(gridModel(n));
        expect([a.verdict, a.distinctStates, a.transitions, a.maxDepth]).toEqual([m.verdict, m.distinctStates, m.transitions, m.maxDepth]);
        expect(a.distinctStates).toBe((n + 1) ** 2);
      }),
      { numRuns: 7 },
    );
  });

  it('calls an action once per new value of what it reads (twice on its first 1,000: the determinism check)', () => {
    const calls = [0, 0, 0];
    const r = check(flags(3, calls));
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBe(27); // 3 flags of 3 values; finished follows the flags
    // Start(p) reads flag[p] only: 3 values, each run twice.
    expect(calls).toEqual([6, 6, 6]);
    expect(r.stats['memo.action calls']).toBe(r.stats['memo.action results']);
    expect(r.properties.map((p) => p.status)).toEqual(['holds', 'witnessed']);
  });

  it('an indexed variable is one slot per entry; except changes one; a whole new array of the same length is accepted', () => {
    const whole: ActionSpec<Flags> = {
      ...flags(2),
      actions: { Reset: (s) => s.flag[0] === 'idle' && s.flag[1] === 'idle' && { flag: ['done', 'done'] } },
    };
    const r = check(whole);
    expect(r.distinctStates).toBe(2);
    expect(r.witnesses['all done'].steps.at(-1)?.state).toMatchObject({ flag: ['done', 'done'] });
  });

  it('lists steps in the order of the actions, then of the domain; labels name the actor, or the parameter', () => {
    const r = check({ ...flags(2), properties: [always('not all done', (s: Flags) => !s.flag.every((f) => f === 'done'))] });
    expect(r.verdict).toBe('violation');
    // BFS: the first of the shortest traces in label order (all Starts come before any Finish).
    expect(r.counterexample?.steps.map((s) => `${s.actor} ${s.action}`)).toEqual(['P0 Start', 'P1 Start', 'P0 Finish', 'P1 Finish']);
    const { actor: _unused, ...anonymous } = { ...flags(2), properties: [always('not all done', (s: Flags) => !s.flag.every((f) => f === 'done'))] };
    const t = check(anonymous).counterexample;
    expect(t?.steps.map((s) => `${s.actor} ${s.action}`)).toEqual(['env Start(0)', 'env Start(1)', 'env Finish(0)', 'env Finish(1)']);
  });

  it('a list of updates is a choice inside one action: one step each, numbered in the trace', () => {
    const r = check<{ x: number }>({
      name: 'choice',
      init: () => [{ x: 0 }],
      actions: { Jump: (s) => s.x === 0 && [{ x: 1 }, { x: 2 }, { x: 3 }] },
      properties: [always('not 3', (s) => s.x !== 3)],
      checkDeadlock: false,
    });
    expect(r).toMatchObject({ verdict: 'violation', distinctStates: 4, transitions: 3 });
    expect(r.counterexample?.steps.map((s) => s.action)).toEqual(['Jump #3']);
  });

  it('a state saved whole in another variable is stored as plain data', () => {
    type S = { readonly flag: readonly string[]; readonly saved: readonly string[] };
    const spec: ActionSpec<S> = {
      init: () => [{ flag: ['a', 'b'], saved: [] }],
      indexed: ['flag'],
      actions: { Save: (s) => s.saved.length === 0 && { saved: s.flag, flag: except(s.flag, 0, 'z') } },
      checkDeadlock: false,
    };
    const states: unknown[] = [];
    expect(explore(actionModel(spec), { onState: (s) => states.push(s) }).distinctStates).toBe(2);
    expect(states).toEqual([{ flag: ['a', 'b'], saved: [] }, { flag: ['z', 'b'], saved: ['a', 'b'] }]);
    expect(Array.isArray((states[1] as S).saved) && Object.isFrozen((states[1] as S).saved)).toBe(true);
  });

  it('properties, the boundary and proper ends are functions of the slots they read', () => {
    const r = check(grid(5, { within: (s) => s.x + s.y < 4, properties: [sometimes('corner', (s) => s.x === 4 && s.y === 0)] }));
    expect(r).toMatchObject({ verdict: 'pass', distinctStates: 15 }); // x + y ≤ 4
  });

  describe('errors name the action and what it did', () => {
    const err = (spec: ActionSpec<any>) => {
      const r = check(spec);
      expect(r.verdict).toBe('error');
      return r.error;
    };
    const base = { init: () => [{ x: 0, a: [0, 0] }], indexed: ['a'] };

    it('an update of a variable that does not exist, or of undefined', () => {
      expect(err({ ...base, actions: { Go: () => ({ y: 1 }) } })).toBe("Go assigned 'y', which is not a variable (variables: a, x)");
      expect(err({ ...base, actions: { Go: () => ({ x: undefined }) } })).toBe('Go assigned undefined to x');
      expect(err({ ...base, actions: { Go: () => 7 as never } })).toBe('Go returned 7: an action returns an update {variable: value}, a list of updates, or false');
    });

    it('an indexed variable given another length', () => {
      expect(err({ ...base, actions: { Go: (s: { a: number[] }) => ({ a: [...s.a, 1] }) } })).toBe('Go assigned [0,0,1] to a, which is indexed: an array of length 2');
    });

    it('a mutation of the state, through an indexed view or a whole value', () => {
      expect(err({ ...base, actions: { Go: (s: { a: number[] }) => ((s.a[0] = 1), {}) } })).toBe('Go mutated its input: a[0] (use except(s.a, i, x))');
      expect(err({ init: () => [{ v: [1] }], actions: { Go: (s: { v: number[] }) => (s.v.push(2), {}) } })).toMatch(/^Go mutated its input: /);
    });

    it('an action that is not deterministic, and one that throws', () => {
      let k = 0;
      expect(err({ ...base, actions: { Go: () => ({ x: k++ % 2 }) } })).toBe('Go is not deterministic: two calls on the same state gave different results');
      expect(err({ ...base, actions: { Go: over([1, 2], (_s, p) => { if (p === 2) throw new Error('boom'); return false; }) } })).toBe('Go(2) threw: boom (on {a:[0,0],x:0})');
      // Not memoised (called directly, as an action whose tree does not pay is): the same message.
      expect(err({ ...base, memoise: 'never', actions: { Go: over([1, 2], (_s, p) => { if (p === 2) throw new Error('boom'); return false; }) } })).toBe('Go(2) threw: boom (on {a:[0,0],x:0})');
    });

    it('a view kept from an earlier call', () => {
      let kept: readonly number[] | undefined;
      expect(err({ ...base, actions: { Go: (s: { a: number[] }) => { const r = kept === undefined ? {} : { x: kept[0] + 1 }; kept ??= s.a; return r; } } })).toBe('Go read a from a state it kept from an earlier call (actions must not keep state)');
    });

    it('a state read after its action returned', () => {
      let kept: { x: number } | undefined;
      const r = check<{ x: number }>({
        init: () => [{ x: 0 }],
        actions: { Go: (s) => ((kept = s), s.x === 0 && { x: 1 }) },
        properties: [always('x is 0', (s) => s.x === 0)],
        actor: () => `P${kept?.x}`,
      });
      expect(r).toMatchObject({ verdict: 'error', error: 'a state was read after the action or property it was given to returned (actions must not keep state)' });
    });

    it('a spec that cannot be compiled', () => {
      expect(err({ ...base, actions: {} })).toBe('model: the spec has no actions');
      expect(err({ ...base, actions: { Go: 3 as never } })).toBe('model: action Go is neither a function nor over(domain, step)');
      expect(err({ ...base, indexed: ['b'], actions: { Go: () => false } })).toBe("model: indexed variable 'b' is not a variable of the initial state (variables: a, x)");
      expect(err({ ...base, indexed: ['x'], actions: { Go: () => false } })).toBe("model: indexed variable 'x' is 0 in the initial state, not an array");
      expect(err({ init: () => [], actions: { Go: () => false } })).toBe('model: init() returned no initial state');
    });
  });
});

describe('except', () => {
  it('on a plain array is a copy with one entry changed (the view of an action model records only that entry)', () => {
    const a = Object.freeze([1, 2, 3]);
    expect(except(a, 1, 9)).toEqual([1, 9, 3]);
    expect(a).toEqual([1, 2, 3]);
    expect(setHas(setAdd([], 2), 2)).toBe(true);
  });
});
