/**
 * Checks a bundled model against its facts in models/manifest.json: shared by the fast suite
 * (test/models/pinned.test.ts, the instances without a tier) and the heavy tier
 * (test/heavy/pinned.heavy.test.ts, those marked `"tier": "heavy"`).
 */
import { expect } from 'vitest';
import { explore, expectedExitCode, formatParams, reductionFlags, reductionOptions, resolveParams, type ModelDefinition, type Pinned, type Report } from 'interleave';

export function check(def: ModelDefinition, params: Record<string, number> = {}, reductions: readonly string[] = [], strategy?: 'bfs' | 'dfs'): Report {
  return explore(def.build(resolveParams(def, params)), { ...reductionOptions(reductions), ...(strategy ? { strategy } : {}) });
}

/** At its defaults the model gives what its manifest entry's `expect` says. */
export function expectAtDefaults(def: ModelDefinition): void {
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
}

/** At a pinned instance the model gives the pinned verdict and count. */
export function expectPinned(def: ModelDefinition, p: Pinned<Record<string, number>>): void {
  const r = check(def, p.params as Record<string, number>, p.reductions, p.strategy);
  expect(r.reductions).toEqual(p.reductions ?? []);
  expect(r.verdict).toBe(p.verdict);
  expect(r.distinctStates).toBe(p.distinctStates);
}

/** [model name, params as text, definition, pin] for every pinned instance of `models` in `tier` (undefined: the fast one). */
export function pinsIn(models: readonly ModelDefinition[], tier: 'heavy' | undefined) {
  return models.flatMap((def) => (def.pinned ?? []).filter((p) => p.tier === tier).map((p) => [def.name, [formatParams(p.params as Record<string, number>), ...reductionFlags(p.reductions), ...(p.strategy ? [`--strategy ${p.strategy}`] : [])].join(' '), def, p] as const));
}
