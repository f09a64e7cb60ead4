/**
 * The project's standard for models, checked over the registry: every invariant of a correct
 * model has a model of its family expected to violate it (a mutant), and every correct model has
 * a `sometimes` witness, so that its passing is not vacuous.
 */
import { describe, expect, it } from 'vitest';
import { compile, resolveParams, type ModelDefinition } from 'interleave';
import { models } from '../../models/index.ts';

const correct = models.filter((m) => m.mutantOf === undefined && m.expect.verdict === 'pass');
const propertiesOf = (def: ModelDefinition) => compile(def.build(resolveParams(def, {}))).properties;

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
    const invariants = propertiesOf(def).filter((p) => p.kind !== 'sometimes').map((p) => p.name);
    const missing = invariants.filter((name) => !violatedInFamily.has(name) && !(`${def.family}/${name}` in KNOWN_GAPS));
    expect(missing, `invariants of ${def.name} that no ${def.family} model is expected to violate`).toEqual([]);
  });
});

describe('every correct model has a witness', () => {
  it.each(correct.map((m) => [m.name, m] as const))('%s', (_name, def) => {
    expect(propertiesOf(def).filter((p) => p.kind === 'sometimes').length).toBeGreaterThan(0);
  });
});
