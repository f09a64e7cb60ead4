/**
 * The token ring's one token (spec/mutex.ts exactlyOneToken, models/mutex/claims.ts): the notes'
 * "only 1 process ever has token => mutual exclusion guaranteed by construction".
 */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams, type Report } from 'interleave';
import { mutexModels } from '../../models/mutex/index.ts';
import { pinnedStates as pinnedAt } from '../../models/manifest.ts';

const check = (name: string, params: Record<string, number> = {}): Report => {
  const d = mutexModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name}`);
  return explore(d.build(resolveParams(d, params)));
};

describe("the token ring's one token: the notes' 'only 1 process ever has token => mutual exclusion guaranteed by construction'", () => {
  it('token-ring-one-token: exactly one token in every state (held or in flight), and the token travels', () => {
    const r = check('token-ring-one-token');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedAt('token-ring-one-token')]);
    // The count is of the plain token ring: the property reads the state, it adds none.
    expect(r.distinctStates).toBe(pinnedAt('token-ring'));
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.status]))).toEqual({ 'one token': 'holds', 'mutual exclusion': 'holds', 'token in flight': 'witnessed' });
    expect(r.witnesses['token in flight'].steps.map((s) => [s.actor, s.action])).toEqual([['P0', 'pass']]);
  });

  it('the regenerating ring breaks it in 2 steps, before two processes can use the second token (mutual exclusion: 5 steps)', () => {
    const r = check('token-ring-one-token-regenerate');
    expect([r.verdict, r.counterexample?.property?.name, r.counterexample?.reason]).toEqual(['violation', 'one token', 'there are 2 tokens: P0 holds one; P1 holds one']);
    expect(r.counterexample?.steps.map((s) => [s.actor, s.action])).toEqual([
      ['P1', 'request'],
      ['P1', 'timeout'],
    ]);
    expect(check('token-ring-regenerate').counterexample?.steps.length).toBe(5);
  });
});
