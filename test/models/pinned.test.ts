import { describe, expect, it } from 'vitest';
import { explore, expectedExitCode, formatParams, resolveParams, type ModelDefinition, type Report } from 'interleave';
import { models } from '../../models/index.ts';

/** Pinned instances above this many states are for the benchmark, not the tests. */
const TEST_LIMIT = 400_000;

function check(def: ModelDefinition, params: Record<string, number> = {}): Report {
  return explore(def.build(resolveParams(def, params)));
}

describe('the registry', () => {
  it('has the bundled models, with unique names', () => {
    const names = models.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['two-phase-commit', 'two-phase-commit-early-commit', 'ricart-agrawala', 'ricart-agrawala-no-tiebreak']));
  });

  it("every mutant's mutantOf names an existing model that is not itself a mutant and is expected to pass", () => {
    const mutants = models.filter((m) => m.mutantOf !== undefined);
    expect(mutants.length).toBeGreaterThanOrEqual(2);
    for (const m of mutants) {
      const of = models.find((x) => x.name === m.mutantOf);
      expect(of, `${m.name}.mutantOf = ${m.mutantOf}`).toBeDefined();
      expect(of?.mutantOf).toBeUndefined();
      expect(of?.expect.verdict).toBe('pass');
      expect(m.expect.verdict).not.toBe('pass');
    }
  });

  it.each(models.map((m) => [m.name, m] as const))('%s: parameter defaults lie within their bounds', (_name, def) => {
    for (const [k, p] of Object.entries(def.params)) {
      expect(p.default, k).toBeGreaterThanOrEqual(p.min);
      if (p.max !== undefined) expect(p.default, k).toBeLessThanOrEqual(p.max);
      expect(p.description.length, k).toBeGreaterThan(0);
    }
  });
});

describe.each(models.map((m) => [m.name, m] as const))('%s', (_name, def) => {
  // A model whose defaults are a benchmark-sized instance (paxos-commit: TLC's PaxosCommit.cfg) is checked by `npm run check`.
  const heavy = (def.expect.distinctStates ?? 0) > TEST_LIMIT;
  it.skipIf(heavy)('at its defaults, gives what it declares in expect', () => {
    const r = check(def);
    const e = def.expect;
    expect(r.verdict).toBe(e.verdict);
    expect(r.exitCode).toBe(expectedExitCode(def));
    if (e.distinctStates !== undefined) expect(r.distinctStates).toBe(e.distinctStates);
    if (e.property !== undefined) {
      const failed = r.counterexample?.property?.name ?? r.properties.find((p) => p.status === 'unwitnessed')?.name;
      expect(failed).toBe(e.property);
    }
    if (e.traceLength !== undefined) expect(r.counterexample?.steps).toHaveLength(e.traceLength);
    if (e.verdict === 'pass') {
      for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, p.kind === 'sometimes' ? 'witnessed' : 'holds']);
    }
  });

  const pinned = def.pinned ?? [];
  const small = pinned.filter((p) => p.distinctStates <= TEST_LIMIT);
  if (small.length) {
    it.each(small.map((p) => [formatParams(p.params as Record<string, number>), p] as const))('pinned at %s', (_ps, p) => {
      const r = check(def, p.params as Record<string, number>);
      expect(r.verdict).toBe(p.verdict);
      expect(r.distinctStates).toBe(p.distinctStates);
    });
  }
});

// The generic tests above run these; here the numbers themselves are held, so that a pin cannot be
// "fixed" by editing it. two-phase-commit rms=7 (296,448 states) takes ~8-12 s here, inside the budget.
describe('pins that must not move', () => {
  const byName = (name: string) => {
    const d = models.find((m) => m.name === name);
    if (!d) throw new Error(`no model ${name}`);
    return d;
  };

  it('the pins declared in the definitions are the ones above', () => {
    const pins = (name: string) => (byName(name).pinned ?? []).map((p) => [formatParams(p.params as Record<string, number>), p.distinctStates]);
    expect(pins('two-phase-commit')).toEqual(expect.arrayContaining([['rms=3', 288], ['rms=7', 296_448]]));
    expect(byName('two-phase-commit').params.rms.default).toBe(5);
    expect(byName('two-phase-commit').expect).toMatchObject({ verdict: 'pass', distinctStates: 8_832 });
    expect(pins('ricart-agrawala')).toEqual(expect.arrayContaining([['n=3, entries=1', 4_893]]));
    expect([byName('ricart-agrawala').params.n.default, byName('ricart-agrawala').params.entries.default]).toEqual([3, 2]);
    expect(byName('ricart-agrawala').expect).toMatchObject({ verdict: 'pass', distinctStates: 334_489 });
  });
});
