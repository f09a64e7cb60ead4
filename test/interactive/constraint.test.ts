/**
 * The explorer and a model's constraint (TLC's CONSTRAINT and ACTION_CONSTRAINT): a step to a state
 * outside it is offered (the checker checks that state's invariants, so a violation there is a
 * counterexample to walk to), marked as leaving the model, and a path ends there, as the search
 * does not expand such a state. The states a walk can reach inside the model are the ones the
 * checker counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { always, atQuiescence, sometimes, type Model } from 'interleave';
import { explore } from '../../checker/explore.ts';
import { load } from '../../checker/cli/main.ts';
import { startExplorer, type Explorer } from '../../checker/interactive/server.ts';
import { PathError, Session, type Step } from '../../checker/interactive/session.ts';

/** Two counters that each go up to 3; the constraint keeps x ≤ 2, the action constraint forbids y jumping past x. */
type S = { readonly x: number; readonly y: number };
const pair: Model<S, 'x' | 'y'> = {
  name: 'pair',
  init: () => [{ x: 0, y: 0 }],
  actions: (s) => [...(s.x < 3 ? (['x'] as const) : []), ...(s.y < 3 ? (['y'] as const) : [])],
  next: (s, a) => (a === 'x' ? { ...s, x: s.x + 1 } : { ...s, y: s.y + 1 }),
  constraint: (s) => s.x <= 2,
  actionConstraint: (s, t) => t.y <= s.x + 1,
  checkDeadlock: false,
  properties: [always('x below 3', (s) => s.x < 3), atQuiescence('ends with y = 3', (s) => s.y === 3)],
};

/** Every state a walk from an initial state reaches by steps that stay in the model, by breadth-first search over the session. */
function reachable(s: Session): Set<string> {
  const seen = new Set<string>();
  const queue: Int32Array[] = [];
  for (let i = 0; i < s.initialCount; i++) {
    const v = s.walk(i, []).states[0];
    if (!seen.has(s.keyOf(v))) {
      seen.add(s.keyOf(v));
      queue.push(v);
    }
  }
  while (queue.length > 0) {
    const v = queue.shift() as Int32Array;
    for (const step of s.steps(v)) {
      if (step.leaves !== undefined) continue;
      const k = s.keyOf(step.next);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(step.next);
      }
    }
  }
  return seen;
}

const stepTo = (s: Session, v: Int32Array, want: Partial<S>): number => {
  const k = s.steps(v).findIndex((st: Step) => Object.entries(want).every(([f, x]) => (s.c.decode(st.next) as Record<string, number>)[f] === x));
  expect(k).toBeGreaterThanOrEqual(0);
  return k;
};

describe('a model with a constraint in the explorer', () => {
  it('marks the steps that leave the constraint or the action constraint, and no others', () => {
    const s = new Session(pair);
    const v0 = s.walk(0, []).states[0];
    const leaves = (v: Int32Array) => Object.fromEntries(s.steps(v).map((st) => [JSON.stringify(s.c.decode(st.next)), st.leaves ?? null]));
    expect(leaves(v0)).toEqual({ '{"x":1,"y":0}': null, '{"x":0,"y":1}': null });
    const v01 = s.walk(0, [stepTo(s, v0, { y: 1 })]).states[1];
    expect(leaves(v01)).toEqual({ '{"x":1,"y":1}': null, '{"x":0,"y":2}': 'action constraint' });
    const path = [stepTo(s, v0, { x: 1 })];
    const v10 = s.walk(0, path).states[1];
    path.push(stepTo(s, v10, { x: 2 }));
    const v20 = s.walk(0, path).states[2];
    expect(leaves(v20)).toEqual({ '{"x":3,"y":0}': 'constraint', '{"x":2,"y":1}': null });
  });

  it('a path ends at a state outside the model: no further step, no deadlock, no quiescence judged, its invariants checked', () => {
    const s = new Session(pair);
    const v0 = s.walk(0, []).states[0];
    const p1 = [stepTo(s, v0, { x: 1 })];
    const p2 = [...p1, stepTo(s, s.walk(0, p1).states[1], { x: 2 })];
    const p3 = [...p2, stepTo(s, s.walk(0, p2).states[2], { x: 3 })];
    const { states, steps } = s.walk(0, p3);
    const last = states[3];
    expect(steps[2].leaves).toBe('constraint');
    expect(s.end(last, steps[2])).toEqual({ deadlock: false, outside: 'constraint' });
    const props = Object.fromEntries(s.properties(last, steps[2]).map((p) => [p.name, p.holds]));
    expect(props).toEqual({ 'x below 3': false, 'ends with y = 3': null });
    expect(s.trace(states, steps)).toMatchObject({ kind: 'violation', property: { name: 'x below 3' } });
    expect(() => s.walk(0, [...p3, 0])).toThrow(PathError);
    expect(() => s.walk(0, [...p3, 0])).toThrow(/outside the model's constraint/);
  });

  it('the states a walk reaches inside the model are the ones the checker counts (pair; async-termination-detection)', async () => {
    const free: Model<S, 'x' | 'y'> = { ...pair, properties: [] };
    expect(reachable(new Session(free)).size).toBe(explore(free).distinctStates);
    const atd = (await load('async-termination-detection', [])).model;
    expect(reachable(new Session(atd)).size).toBe(explore(atd, { checkDeadlock: false }).distinctStates);
  });
});

describe('states outside the constraint the explorer must not treat as states of the model', () => {
  /** Initial states 0 and 5; the constraint keeps x ≤ 3; a witness for 6 (never a state of the model). */
  const twoStarts: Model<{ readonly x: number }, 'inc'> = {
    name: 'two-starts',
    init: () => [{ x: 0 }, { x: 5 }],
    actions: (s) => (s.x < 7 ? ['inc'] : []),
    next: (s) => ({ x: s.x + 1 }),
    constraint: (s) => s.x <= 3,
    checkDeadlock: false,
    properties: [always('small', (s) => s.x < 7), sometimes('six', (s) => s.x === 6)],
  };

  it('an initial state outside the constraint: no step from it, and a witness has no value there', () => {
    expect(explore(twoStarts).properties.find((p) => p.name === 'six')?.status).toBe('unwitnessed');
    const s = new Session(twoStarts);
    const five = [0, 1].find((i) => (s.c.decode(s.walk(i, []).states[0]) as { x: number }).x === 5) as number;
    const v = s.walk(five, []).states[0];
    expect(s.end(v)).toEqual({ deadlock: false, outside: 'constraint' });
    expect(() => s.walk(five, [0])).toThrow(/outside the model's constraint/);
    expect(Object.fromEntries(s.properties(v).map((p) => [p.name, p.holds]))).toEqual({ small: true, six: null });
  });

  it('a step that leaves the model and comes back to a state the path passed is no cycle', () => {
    // From x=1 the step to x=0 is outside the action constraint (x may only go up).
    const m: Model<{ readonly x: number }, 'up' | 'down'> = {
      name: 'no-way-back',
      init: () => [{ x: 0 }],
      actions: (s) => (s.x === 0 ? ['up'] : ['down']),
      next: (s, a) => ({ x: a === 'up' ? s.x + 1 : s.x - 1 }),
      actionConstraint: (s, t) => t.x >= s.x,
      checkDeadlock: false,
    };
    const s = new Session(m);
    const { states, steps } = s.walk(0, [0, 0]);
    expect(steps[1].leaves).toBe('action constraint');
    expect(s.trace(states, steps).loop).toBeUndefined();
  });
});

describe('the explorer page for a model with a constraint', () => {
  let ex: Explorer;
  beforeAll(async () => {
    ex = await startExplorer({ model: pair, label: 'pair', params: {}, port: 0, warm: false });
  });
  afterAll(async () => {
    await ex?.close();
  });

  it('offers the step that leaves, says so, and shows no step after it', async () => {
    const s = new Session(pair);
    const v0 = s.walk(0, []).states[0];
    const y = stepTo(s, v0, { y: 1 });
    const out = stepTo(s, s.walk(0, [y]).states[1], { y: 2 });
    const at1 = (await (await fetch(new URL(`api/state?path=${y}`, ex.url))).json()) as { enabled: { label: number; leaves?: string }[]; end: unknown };
    expect(at1.enabled.find((e) => e.label === out)?.leaves).toBe('action constraint');
    expect(at1.end).toBeNull();
    const at2 = (await (await fetch(new URL(`api/state?path=${y}.${out}`, ex.url))).json()) as { enabled: unknown[]; end: unknown; properties: { name: string; holds: boolean | null }[] };
    expect(at2.enabled).toEqual([]);
    expect(at2.end).toEqual({ deadlock: false, outside: 'action constraint' });
    const beyond = await fetch(new URL(`api/state?path=${y}.${out}.0`, ex.url));
    expect(beyond.status).toBe(400);
    expect(((await beyond.json()) as { error: string }).error).toMatch(/outside the model's action constraint/);
  });

  it('"find from here" at a state outside the model is refused (400), not searched on from (async-termination-detection)', async () => {
    const atd = await load('async-termination-detection', []);
    const s = new Session(atd.model);
    // The first path (breadth-first) whose last step leaves the constraint.
    let found: { init: number; path: number[] } | undefined;
    const queue: { init: number; path: number[] }[] = [...Array(s.initialCount).keys()].map((init) => ({ init, path: [] }));
    while (found === undefined) {
      const at = queue.shift() as { init: number; path: number[] };
      const { states } = s.walk(at.init, at.path);
      s.steps(states[states.length - 1]).forEach((st, k) => {
        if (found === undefined && st.leaves !== undefined) found = { init: at.init, path: [...at.path, k] };
        else if (st.leaves === undefined) queue.push({ init: at.init, path: [...at.path, k] });
      });
    }
    const other = await startExplorer({ model: atd.model, label: atd.label, params: atd.params, source: { target: 'async-termination-detection', params: atd.params }, port: 0, warm: false });
    try {
      const r = await fetch(new URL('api/find', other.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(found) });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBe("this state is outside the model's constraint: the checker does not search on from it");
    } finally {
      await other.close();
    }
  });
});
