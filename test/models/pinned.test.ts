/**
 * The pinned instances of bundled models against models/manifest.json (those without a tier; the
 * heavy ones are in test/heavy/, run by `npm run test:heavy`; the defaults are checked by `npm run
 * check`), and the manifest itself: valid against its schema, one entry per bundled model and no other.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { manifest, MANIFEST_FILE } from '../../models/manifest.ts';
import { models } from '../../models/index.ts';
import { expectationProblems } from 'interleave';
import { check, expectAtDefaults, expectPinned, pinsIn } from './pins.ts';

const SCHEMA = new URL('../../spec/schema/manifest.schema.json', import.meta.url);

describe('the manifest', () => {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it('is valid against spec/schema/manifest.schema.json', () => {
    const ok = validate(JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects what it should: an unknown field, a bad verdict, a pin without a count, a bad tier', () => {
    const entry = { expect: { verdict: 'pass', distinctStates: 1 } };
    expect(validate({ models: { m: entry } })).toBe(true);
    expect(validate({ models: { m: { ...entry, expected: 1 } } })).toBe(false);
    expect(validate({ models: { m: { expect: { verdict: 'passed' } } } })).toBe(false);
    expect(validate({ models: { m: { ...entry, pinned: [{ params: { n: 3 }, verdict: 'pass' }] } } })).toBe(false);
    expect(validate({ models: { m: { expect: { verdict: 'pass', tier: 'slow' } } } })).toBe(false);
    expect(validate({ models: { 'Bad Name': entry } })).toBe(false);
  });

  it('has one entry per bundled model, and none for a model that does not exist', () => {
    expect(Object.keys(manifest.models).sort()).toEqual(models.map((m) => m.name).sort());
  });

  it('pins only parameters the model has, within their bounds', () => {
    for (const m of models) {
      for (const p of m.pinned ?? []) {
        for (const [k, v] of Object.entries(p.params as Record<string, number>)) {
          const spec = (m.params as Record<string, { min: number; max?: number }>)[k];
          expect(spec, `${m.name} pins unknown parameter ${k}`).toBeDefined();
          expect(v).toBeGreaterThanOrEqual(spec.min);
          if (spec.max !== undefined) expect(v).toBeLessThanOrEqual(spec.max);
        }
      }
    }
  });
});

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

// Every bundled model at its defaults is checked against its manifest entry by `npm run check`
// (check-all, run by .ci/run; the same test, expectationProblems), not again here. Below: what
// that test catches, on a few quick models whose entries are altered.
describe('the expectation check of npm run check (expectationProblems)', () => {
  const byName = (name: string) => models.find((m) => m.name === name)!;
  it('agrees with a passing model and a mutant as the manifest has them', () => {
    expectAtDefaults(byName('two-phase-commit'));
    expectAtDefaults(byName('two-phase-commit-early-commit'));
  });
  it('names each fact that differs', () => {
    const pass = byName('two-phase-commit');
    const r = check(pass);
    const states = pass.expect.distinctStates as number;
    expect(expectationProblems({ ...pass, expect: { ...pass.expect, distinctStates: states + 1 } }, r)).toEqual([`${states} states, expected ${states + 1}`]);
    expect(expectationProblems({ ...pass, expect: { verdict: 'violation', property: 'consistent' } }, r)).toEqual(['verdict pass, expected violation', 'fails no property, expected consistent']);
    // A witness never found makes a passing model vacuous.
    const vacuous = { ...r, properties: r.properties.map((p) => (p.kind === 'sometimes' ? { ...p, status: 'unwitnessed' as const } : p)) };
    expect(expectationProblems(pass, vacuous).some((x) => / unwitnessed$/.test(x))).toBe(true);
    const mutant = byName('two-phase-commit-early-commit');
    const bad = check(mutant);
    expect(expectationProblems({ ...mutant, expect: { ...mutant.expect, traceLength: (mutant.expect.traceLength ?? 0) + 1 } }, bad)).toEqual([`counterexample of ${bad.counterexample!.steps.length} steps, expected ${(mutant.expect.traceLength ?? 0) + 1}`]);
    expect(expectationProblems({ ...mutant, expect: { ...mutant.expect, property: 'no such property' } }, bad)).toEqual([`fails ${bad.counterexample!.property!.name}, expected no such property`]);
  });

  // Guards the exit-code check: a report with the verdict expected but another exit code is a problem.
  it('names an exit code that is not the one of the verdict expected', () => {
    const pass = byName('two-phase-commit');
    const r = check(pass);
    expect(expectationProblems(pass, r)).toEqual([]);
    expect(expectationProblems(pass, { ...r, exitCode: 12 })).toEqual(['exit 12, expected 0']);
    const mutant = byName('two-phase-commit-early-commit');
    expect(expectationProblems(mutant, { ...check(mutant), exitCode: 13 })).toEqual(['exit 13, expected 12']);
  });
});

describe.each(pinsIn(models, undefined))('%s pinned at %s', (_name, _ps, def, p) => {
  it('gives the pinned verdict and state count', () => expectPinned(def, p));
});
