/**
 * The project's standard for models, checked over the registry: every invariant and every
 * liveness property of a correct model (at its defaults and at each pinned instance, where
 * requesting forever brings the liveness properties in) has a model of its family expected to
 * violate it (a mutant), and every correct model has a `sometimes` witness, so that its passing
 * is not vacuous.
 */
import { describe, expect, it } from 'vitest';
import { compile, isLiveness, resolveParams, type ModelDefinition } from 'interleave';
import { models } from '../../models/index.ts';

const correct = models.filter((m) => m.mutantOf === undefined && m.expect.verdict === 'pass');
const propertiesOf = (def: ModelDefinition) => compile(def.build(resolveParams(def, {}))).properties;
/** The properties at the defaults and at every pinned instance (by name, first kind seen). */
const allPropertiesOf = (def: ModelDefinition) => {
  const all = new Map<string, string>();
  for (const params of [{}, ...(def.pinned ?? []).map((p) => p.params)]) {
    for (const p of compile(def.build(resolveParams(def, params as Record<string, number>))).properties) if (!all.has(p.name)) all.set(p.name, p.kind);
  }
  return [...all].map(([name, kind]) => ({ name, kind }));
};

/** Invariants with no mutant yet, and why: each entry is a gap to close, not a pass. */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  // (L, id) extends → exactly when the clock condition holds across processes, and the clock
  // condition is listed first, so a mutant breaking one is reported as breaking the other;
  // test/clocks/models.test.ts checks `total order` alone on both Lamport mutants.
  'clocks/total order': 'reported as the clock condition, which it implies',
};

describe('every invariant of a correct model is violated by some model of its family', () => {
  it.each(correct.map((m) => [m.name, m] as const))('%s', (_name, def) => {
    const violatedInFamily = new Set(models.filter((m) => m.family === def.family && m.expect.property !== undefined).map((m) => m.expect.property));
    const invariants = allPropertiesOf(def).filter((p) => p.kind !== 'sometimes').map((p) => p.name);
    const missing = invariants.filter((name) => !violatedInFamily.has(name) && !(`${def.family}/${name}` in KNOWN_GAPS));
    expect(missing, `invariants of ${def.name} that no ${def.family} model is expected to violate`).toEqual([]);
  });
});

describe('every correct model has a witness', () => {
  it.each(correct.map((m) => [m.name, m] as const))('%s', (_name, def) => {
    expect(propertiesOf(def).filter((p) => p.kind === 'sometimes').length).toBeGreaterThan(0);
  });
});

describe('liveness properties are covered', () => {
  it('some correct model checks a liveness property, and each such property has a mutant expected to fail it with verdict liveness', () => {
    const live = correct.flatMap((def) => allPropertiesOf(def).filter((p) => isLiveness(p.kind as never)).map((p) => ({ family: def.family, name: p.name })));
    expect(live.length).toBeGreaterThan(0);
    for (const { family, name } of live) {
      const mutant = models.find((m) => m.family === family && m.expect.property === name && m.expect.verdict === 'liveness');
      expect(mutant, `${family}/${name}`).toBeDefined();
    }
  });
});
