/**
 * Checks a bundled model against its facts in models/manifest.json: shared by the fast suite
 * (test/models/pinned.test.ts, the instances without a tier) and the heavy tier
 * (test/heavy/pinned.heavy.test.ts, those marked `"tier": "heavy"`).
 */
import { expect } from 'vitest';
import { explore, expectationProblems, formatParams, reductionFlags, reductionOptions, resolveParams, type ModelDefinition, type Pinned, type Report } from 'interleave';

export function check(def: ModelDefinition, params: Record<string, number> = {}, reductions: readonly string[] = [], strategy?: 'bfs' | 'dfs'): Report {
  return explore(def.build(resolveParams(def, params)), { ...reductionOptions(reductions), ...(strategy ? { strategy } : {}) });
}

/** At its defaults the model gives what its manifest entry's `expect` says (what `npm run check` holds it to). */
export function expectAtDefaults(def: ModelDefinition): void {
  expect(expectationProblems(def, check(def))).toEqual([]);
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
