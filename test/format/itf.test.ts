/**
 * ITF (Apalache ADR-015) written and read back: nothing of the trace file is lost, and lassos are
 * read in both of ADR-015's forms (interleave repeats the loop's state at the end; other tools
 * need not).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LoadError, always, explore, keyOf, type Model } from 'interleave';
import { render } from '../../checker/format/index.ts';
import { itfOf } from '../../checker/format/itf.ts';
import { parseTrace, readTrace } from '../../checker/format/read.ts';
import { itfError, traceFileOf } from '../../checker/format/tracefile.ts';
import type { ItfTrace } from '../../checker/format/itf.ts';
import { corpusFiles } from './corpus.ts';
import { relaySystem } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The ITF text of a corpus trace, as `interleave trace X.trace.json --format itf` writes it. */
function itfOfCorpus(name: string): ItfTrace {
  const t = readTrace(corpusFiles().find((f) => f.name === name)?.file as string);
  return JSON.parse(render('itf', { trace: t.trace, ref: { model: t.data.model, params: t.params } })) as ItfTrace;
}

function loadError(text: string, name: string): string {
  try {
    parseTrace(text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    expect((e as LoadError).exitCode).toBe(150);
    expect((e as Error).message.split('\n')).toHaveLength(1);
    return (e as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

describe('JSON → ITF → JSON is lossless', () => {
  for (const { name, file } of corpusFiles()) {
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const t = readTrace(file);
      const itf = render('itf', { trace: t.trace, ref: { model: t.data.model, params: t.params, ...(t.data.source !== undefined ? { source: t.data.source } : {}) } });
      expect(itfError(JSON.parse(itf))).toBeUndefined();
      const back = parseTrace(itf, `${name}.itf.json`);
      // Every field of the trace file, the metadata (shade, ground) and each step's role included.
      expect(back.data).toEqual(JSON.parse(text));
      // And byte for byte, as `interleave trace X.itf.json --format json` writes it.
      const ref = { model: back.data.model, params: back.params, ...(back.data.source !== undefined ? { source: back.data.source } : {}) };
      expect(render('json', { trace: back.trace, ref })).toBe(text);
    });
  }

  it('the metadata rides in #meta.interleave, each step\'s role in its state\'s #meta.step', () => {
    const itf = itfOfCorpus('ricart-agrawala-no-tiebreak') as ItfTrace & { '#meta': { interleave: Record<string, unknown> } };
    expect(itf['#meta'].interleave.shade).toMatchObject({ label: expect.any(String), during: expect.any(Array) });
    expect(itf['#meta'].interleave.ground).toMatchObject({ process: expect.any(Array), global: expect.any(Array) });
    const back = parseTrace(JSON.stringify(itf), 'ra.itf.json');
    expect(render('svg', { trace: back.trace, ref: { model: back.data.model, params: back.params } })).toContain('class="shade"');
  });
});

describe('ITF lassos in both of ADR-015\'s forms', () => {
  // token-ring-skips-waiting: 7 steps, the last returns to the state after step 1 (ITF loop 2).
  const own = itfOfCorpus('token-ring-skips-waiting');
  const ownFile = parseTrace(JSON.stringify(own), 'own.itf.json');

  it('interleave\'s own form: the last state repeats states[loop - 1]', () => {
    expect(own.loop).toBe(2);
    expect(keyOf(own.states.at(-1)?.P0)).toBe(keyOf(own.states[1].P0));
    expect(ownFile.data.loop).toBe(1);
    expect(ownFile.trace.steps).toHaveLength(7);
  });

  it('another tool\'s form: the last state is not repeated, its successor is states[loop]', () => {
    const foreign = structuredClone(own);
    foreign.states.pop();
    foreign.loop = 1;
    const t = parseTrace(JSON.stringify(foreign), 'foreign.itf.json');
    // The step back to states[1] is added: the same lasso as interleave's.
    expect(t.data.loop).toBe(1);
    expect(t.trace.steps.map((s) => keyOf(s.state))).toEqual(ownFile.trace.steps.map((s) => keyOf(s.state)));
    expect(t.trace.steps.at(-1)).toMatchObject({ actor: '?', action: 'step 7' });
    expect(t.labelled).toBe(true);
    // Without labels (as Apalache writes it) too.
    for (const s of foreign.states) delete s['#meta'];
    const bare = parseTrace(JSON.stringify(foreign), 'bare.itf.json');
    expect(bare.labelled).toBe(false);
    expect(bare.data.loop).toBe(1);
    expect(bare.trace.steps.map((s) => keyOf(s.state))).toEqual(ownFile.trace.steps.map((s) => keyOf(s.state)));
  });

  it('loop 0 is legal: the last state\'s successor is the initial state', () => {
    const zero = structuredClone(own);
    zero.loop = 0;
    const t = parseTrace(JSON.stringify(zero), 'zero.itf.json');
    expect(t.data.loop).toBe(0);
    expect(t.trace.steps).toHaveLength(8);
    expect(keyOf(t.trace.steps[7].state)).toBe(keyOf(t.trace.initial));
    // A one-state lasso: the state loops on itself.
    const one = { vars: ['x'], states: [{ x: 1 }], loop: 0 };
    const t1 = parseTrace(JSON.stringify(one), 'one.itf.json');
    expect(t1.data.loop).toBe(0);
    expect(t1.trace.steps.map((s) => s.state)).toEqual([{ x: 1 }]);
  });

  it('a loop past the last state is refused in one line, with the value the file has', () => {
    const far = { ...own, loop: 99 };
    expect(loadError(JSON.stringify(far), 'far.itf.json')).toBe('bad ITF trace far.itf.json: loop must be the index of a state, at most 7, got 99 (past the end of the trace)');
  });
});

describe('a relay trace round-trips through ITF with every step field', () => {
  it('kind, process, from, msg, sent survive', () => {
    const r = explore(relaySystem({ order: 'fifo', lossy: true }));
    const f = traceFileOf(r.counterexample as NonNullable<typeof r.counterexample>, { model: 'relay', params: {} });
    expect(parseTrace(JSON.stringify(itfOf(f)), 'relay.itf.json').data).toEqual(f);
  });
});

describe('state fields whose names start with # (ITF reserves them)', () => {
  /** A model whose state has such fields; it fails `y small` after one step. */
  const hashModel = (): Model<Record<string, number>, string> => ({
    name: 'hash',
    init: () => [{ '#set': 0, '#meta': 1, '#foo': 2, '\\#bar': 3, y: 0 }],
    actions: (s) => (s.y < 1 ? ['go'] : []),
    next: (s) => ({ ...s, '#set': s['#set'] + 1, y: s.y + 1 }),
    properties: [always('y small', (s) => s.y < 1)],
  });

  it('are written escaped (\\#set) in the trace file and in ITF, and read back as they were', () => {
    const t = explore(hashModel()).counterexample as NonNullable<ReturnType<typeof explore>['counterexample']>;
    const ref = { model: 'hash', params: {} };
    for (const format of ['json', 'itf'] as const) {
      const text = render(format, { trace: t, ref });
      if (format === 'itf') expect(itfError(JSON.parse(text))).toBeUndefined();
      const back = parseTrace(text, `hash.${format === 'itf' ? 'itf.json' : 'trace.json'}`);
      expect(back.trace.steps.map((s) => keyOf(s.state))).toEqual(t.steps.map((s) => keyOf(s.state)));
      expect(keyOf(back.trace.initial)).toBe(keyOf(t.initial));
      expect(back.trace.steps[0].changes).toEqual([{ path: '#set', before: 0, after: 1 }, { path: 'y', before: 0, after: 1 }]);
    }
    expect(JSON.parse(render('itf', { trace: t, ref })).vars).toEqual([String.raw`\#foo`, String.raw`\#meta`, String.raw`\#set`, String.raw`\\#bar`, 'y']);
  });

  it('check --format json / itf keeps the violation\'s exit code (12) and writes a file that reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-hash-'));
    try {
      const model = join(dir, 'hash.ts');
      writeFileSync(model, `import { always } from ${JSON.stringify(join(ROOT, 'index.ts'))};\nexport default { name: 'hash', init: () => [{ '#set': 0, '#foo': 0, y: 0 }], actions: (s) => (s.y < 1 ? ['go'] : []), next: (s) => ({ ...s, y: s.y + 1 }), properties: [always('y small', (s) => s.y < 1)] };\n`);
      for (const ext of ['trace.json', 'itf.json']) {
        const out = join(dir, `hash.${ext}`);
        const r = spawnSync(process.execPath, [join(ROOT, 'checker/cli/bin.mjs'), 'check', model, '--out', out], { encoding: 'utf8', cwd: dir });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(12);
        expect(readTrace(out).trace.steps).toHaveLength(1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
