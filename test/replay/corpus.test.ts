/**
 * The counterexample corpus (test/corpus/): every saved counterexample still replays to its
 * violation against the model it came from, in the trace file and in ITF; and every registered
 * mutant with a counterexample has a saved one. Regenerate with `npx tsx test/corpus/generate.ts`.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveParams } from 'interleave';
import { render } from '../../checker/format/index.ts';
import { parseTrace, readTrace } from '../../checker/format/read.ts';
import { replay } from '../../checker/replay.ts';
import { models } from '../../models/index.ts';
import { corpusFile, corpusMutants } from '../corpus/generate.ts';
import { corpusFiles } from '../format/corpus.ts';

describe('the saved counterexamples replay to their violation', () => {
  for (const { name, file } of corpusFiles()) {
    it(name, () => {
      const t = readTrace(file);
      const def = models.find((m) => m.name === t.model);
      expect(def, `${file} names model ${t.model}, which is not registered`).toBeDefined();
      if (!def) return;
      const model = def.build(resolveParams(def, t.params));
      const r = replay(model, t.trace);
      expect({ status: r.status, message: r.message }).toMatchObject({ status: 'reproduced' });
      expect(r.exitCode).toBe(t.trace.kind === 'deadlock' ? 11 : def?.expect.verdict === 'liveness' ? 13 : 12);
      expect(r.relabelled).toEqual([]);
      // The saved counterexample is still the one the model's expectation describes (else regenerate it).
      const regenerate = `${name}: the model's expectation changed; regenerate with npx tsx test/corpus/generate.ts ${name}`;
      expect(t.trace.steps.length, regenerate).toBe(def.expect.traceLength);
      if (def.expect.property !== undefined) expect(t.trace.property?.name, regenerate).toBe(def.expect.property);
      // The same trace in ITF replays too.
      const itf = parseTrace(render('itf', { trace: t.trace, ref: { model: t.data.model, params: t.params } }), `${name}.itf.json`);
      expect(replay(model, itf.trace, { labelled: itf.labelled }).status).toBe('reproduced');
    });
  }
});

describe('the corpus covers the registered mutants', () => {
  it('every mutant expected to fail with a counterexample has a saved one (else: npx tsx test/corpus/generate.ts)', () => {
    const missing = corpusMutants(models)
      .map((m) => m.name)
      .filter((name) => !existsSync(corpusFile(name)));
    expect(missing, `mutants without a corpus file: ${missing.join(', ')}`).toEqual([]);
  });
  it('counts only mutants that fail with a trace', () => {
    const names = corpusMutants(models).map((m) => m.name);
    expect(names).toContain('ricart-agrawala-no-tiebreak');
    expect(names).not.toContain('ricart-agrawala');
    for (const m of corpusMutants(models)) expect(m.mutantOf).toBeDefined();
  });
});
