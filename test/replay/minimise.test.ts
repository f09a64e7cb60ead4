import { describe, expect, it } from 'vitest';
import { always, compile, explore, rebuildTrace, resolveParams, type Model } from 'interleave';
import { minimise, switches } from '../../checker/minimise.ts';
import { replay } from '../../checker/replay.ts';
import { ricartAgrawalaNoTiebreak } from '../../models/mutex/mutants.ts';

type AB = { readonly a: number; readonly b: number };
/** Processes A and B each count to 2; the invariant fails once `fails(state)`. */
function pair(fails: (s: AB) => boolean): Model<AB, 'a' | 'b'> {
  return {
    name: 'pair',
    init: () => [{ a: 0, b: 0 }],
    actions: (s) => [...(s.a < 2 ? (['a'] as const) : []), ...(s.b < 2 ? (['b'] as const) : [])],
    next: (s, x) => (x === 'a' ? { ...s, a: s.a + 1 } : { ...s, b: s.b + 1 }),
    properties: [always('not yet', (s) => !fails(s))],
    describeAction: (x) => ({ actor: x.toUpperCase(), action: `step ${x}` }),
  };
}
/** The trace of the steps `xs` ('a' is label 0 while a < 2). */
function traceOf(m: Model<AB, 'a' | 'b'>, xs: ('a' | 'b')[]) {
  const c = compile(m);
  let s: AB = { a: 0, b: 0 };
  const path = [0];
  for (const x of xs) {
    path.push(m.actions(s).indexOf(x));
    s = m.next(s, x);
  }
  return rebuildTrace(c, path, 'violation', { name: 'not yet', kind: 'always' });
}

describe('minimisation', () => {
  it('removes the steps the violation does not need', () => {
    const m = pair((s) => s.a === 2);
    const r = minimise(m, traceOf(m, ['b', 'a', 'b', 'a']));
    expect(r.trace.steps.map((s) => s.actor)).toEqual(['A', 'A']);
    expect(r).toMatchObject({ stepsBefore: 4, stepsAfter: 2, switchesBefore: 3, switchesAfter: 0 });
  });

  it('keeps the length but prefers fewer switches between processes', () => {
    const m = pair((s) => s.a === 2 && s.b === 2);
    const r = minimise(m, traceOf(m, ['a', 'b', 'a', 'b']));
    // One process runs to the end, then the other (which comes first does not matter).
    expect(r.trace.steps.map((s) => s.actor).join('')).toMatch(/^(AABB|BBAA)$/);
    expect(r).toMatchObject({ stepsBefore: 4, stepsAfter: 4, switchesBefore: 3, switchesAfter: 1 });
    expect(switches(r.trace.steps)).toBe(1);
  });

  it('ricart-agrawala-no-tiebreak: the 26-step DFS counterexample shrinks to 12 steps (the BFS length), still a real violating run', () => {
    const model = ricartAgrawalaNoTiebreak.build(resolveParams(ricartAgrawalaNoTiebreak, { n: 3, entries: 2 }));
    const dfs = explore(model, { strategy: 'dfs' }).counterexample;
    if (!dfs) throw new Error('expected a counterexample');
    // Pinned by running once: DFS finds 26 steps; BFS's shortest is 12.
    expect(dfs.steps).toHaveLength(26);
    const r = minimise(model, dfs);
    expect(r).toMatchObject({ stepsBefore: 26, stepsAfter: 12, switchesBefore: 16, switchesAfter: 8 });
    expect(r.trace.property).toEqual({ name: 'mutual exclusion', kind: 'always' });
    expect(replay(model, r.trace)).toMatchObject({ status: 'reproduced', exitCode: 12 });
    expect(r.trace.steps.filter((s) => s.action === 'enter').map((s) => s.actor).sort()).toEqual(['P0', 'P1']);
  });
});
