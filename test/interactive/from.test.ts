/** explore()'s `from` option: a search from given state vectors of a compiled model, whose traces start there. */
import { describe, expect, it } from 'vitest';
import { explore } from 'interleave';
import { load } from '../../checker/cli/main.ts';
import { compile } from '../../checker/compile.ts';
import { keyOf } from '../../checker/values.ts';

describe('explore from given states', () => {
  it('searches only what is reachable from them, and its counterexample starts at the given state', async () => {
    const model = (await load('ricart-agrawala-no-tiebreak', ['entries=1'])).model;
    const whole = explore(model);
    const c = compile(model);
    expect(compile(c)).toBe(c);
    // The state after the first 4 steps of the shortest counterexample.
    let v: Int32Array | undefined;
    c.initial((s) => (v = s.slice()));
    const cx = whole.counterexample!;
    for (const step of cx.steps.slice(0, 4)) {
      let next: Int32Array | undefined;
      c.expand(v!, (s) => {
        if (!next && keyOf(c.decode(s)) === keyOf(step.state)) next = s.slice();
      });
      v = next;
    }
    const r = explore(c, { from: [v!] });
    expect(r.verdict).toBe('violation');
    expect(r.distinctStates).toBeLessThan(whole.distinctStates);
    expect(keyOf(r.counterexample!.initial)).toBe(keyOf(cx.steps[3].state));
    expect(r.counterexample!.steps).toHaveLength(cx.steps.length - 4);
    expect(explore(c, { from: [new Int32Array(1)] })).toMatchObject({ verdict: 'error', error: expect.stringMatching(/a start state has 1 slots/) });
  });
});
