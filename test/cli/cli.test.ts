import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedStates } from '../../models/manifest.ts';
import { inProcess, type Run } from './in-process.ts';
import { itfError, traceFileError } from '../../checker/format/tracefile.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// One directory per run, so that runs at the same time (several people work here) do not delete each other's files.
const TMP_DIR = `.tmp-cli-${process.pid}`;
const TMP = fileURLToPath(new URL(`../${TMP_DIR}/`, import.meta.url));
const rel = (file: string) => `test/${TMP_DIR}/${file}`;


function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', ...args], {
    cwd: ROOT,
    // GLIBC_TUNABLES set (to anything) keeps bin.mjs from starting itself again for huge pages: one
    // process per call instead of two (the README's and the clocks' CLI tests go through the restart).
    env: { ...process.env, NO_COLOR: '1', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: Run): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.status}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

/** The error contract: stdout empty, stderr exactly one line 'interleave: …', no stack trace. */
function expectOneLineError(r: Run, code: number, mentions?: RegExp): void {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: code, stdout: '' });
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].startsWith('interleave: '), lines[0]).toBe(true);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  if (mentions) expect(lines[0]).toMatch(mentions);
}

beforeAll(() => {
  mkdirSync(TMP, { recursive: true });
  writeFileSync(`${TMP}named-only.ts`, `export const model = { init: () => [0], actions: () => [], next: (s: number) => s };\n`);
  writeFileSync(`${TMP}not-a-model.ts`, `export default { hello: 'world' };\n`);
  writeFileSync(`${TMP}throws.ts`, `throw new Error('broken at load');\nexport default 1;\n`);
  writeFileSync(
    `${TMP}user-model.ts`,
    `import { always, sometimes, type Model } from 'interleave';

type S = { readonly x: number; readonly y: number };
const model: Model<S, 'x' | 'y'> = {
  name: 'user-grid',
  init: () => [{ x: 0, y: 0 }],
  actions: (s) => [...(s.x < 2 ? (['x'] as const) : []), ...(s.y < 2 ? (['y'] as const) : [])],
  next: (s, a) => (a === 'x' ? { ...s, x: s.x + 1 } : { ...s, y: s.y + 1 }),
  isEnd: (s) => s.x === 2 && s.y === 2,
  properties: [always('in the grid', (s) => s.x <= 2 && s.y <= 2), sometimes('corner', (s) => s.x === 2 && s.y === 2)],
};
export default model;
`,
  );
  writeFileSync(
    `${TMP}user-actions.ts`,
    `import { actionModel, always, except, over } from 'interleave';

type S = { readonly light: readonly ('off' | 'on')[] };
export default actionModel<S>({
  name: 'user-lights',
  init: () => [{ light: ['off', 'off', 'off'] }],
  indexed: ['light'],
  actions: { Switch: over([0, 1, 2], (s, i) => s.light[i] === 'off' && { light: except(s.light, i, 'on') }) },
  isEnd: (s) => s.light.every((l) => l === 'on'),
  properties: [always('not all on', (s) => !s.light.every((l) => l === 'on'))],
  actor: (_name, i) => \`L\${i}\`,
});
`,
  );
  writeFileSync(
    `${TMP}user-def.ts`,
    `import { always, defineModel, type Model } from 'interleave';

const counter = (max: number): Model<{ readonly x: number }, string> => ({
  name: 'user-counter',
  init: () => [{ x: 0 }],
  actions: (s) => (s.x < max ? ['inc'] : []),
  next: (s) => ({ x: s.x + 1 }),
  isEnd: (s) => s.x === max,
  properties: [always('below 5', (s) => s.x < 5)],
});

export default defineModel({
  name: 'user-counter',
  family: 'test',
  description: 'a counter up to max',
  params: { max: { default: 3, min: 1, max: 100, description: 'largest value' } },
  network: 'none',
  expect: { verdict: 'pass', distinctStates: 4 },
  build: ({ max }) => counter(max),
});
`,
  );
});

afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
});

describe('list --json', () => {
  it('is an array of entries with name, family, description, params, network and expect', () => {
    const r = cli('list', '--json');
    expect(r.status).toBe(0);
    const entries = json(r);
    expect(Array.isArray(entries)).toBe(true);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const names = entries.map((e: { name: string }) => e.name);
    expect(names).toEqual(expect.arrayContaining(['two-phase-commit', 'two-phase-commit-early-commit', 'ricart-agrawala', 'ricart-agrawala-no-tiebreak']));
    for (const e of entries) {
      expect(typeof e.name).toBe('string');
      expect(typeof e.family).toBe('string');
      expect(typeof e.description).toBe('string');
      expect(e.description.length).toBeGreaterThan(0);
      expect(typeof e.network).toBe('string');
      expect(typeof e.params).toBe('object');
      for (const p of Object.values(e.params) as { default: unknown; min: unknown }[]) {
        expect(typeof p.default).toBe('number');
        expect(typeof p.min).toBe('number');
      }
      expect(['pass', 'violation', 'deadlock', 'liveness', 'incomplete', 'error']).toContain(e.expect.verdict);
      expect(e.expect.exitCode).toBe({ pass: 0, deadlock: 11, violation: 12, liveness: 13, incomplete: 152, error: 75 }[e.expect.verdict as string]);
      if ('mutantOf' in e) expect(names).toContain(e.mutantOf);
    }
    const ra = entries.find((e: { name: string }) => e.name === 'ricart-agrawala');
    expect(ra.params.n.default).toBe(3);
    expect(ra.params.entries.default).toBe(2);
    expect(ra.network).toBe('fifo');
    const mutant = entries.find((e: { name: string }) => e.name === 'ricart-agrawala-no-tiebreak');
    expect(mutant.mutantOf).toBe('ricart-agrawala');
    expect(mutant.expect).toMatchObject({ verdict: 'violation', exitCode: 12, property: 'mutual exclusion' });
  });

  it('without --json prints a header and one line per model', () => {
    const r = cli('list');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(json(cli('list', '--json')).length + 1);
    expect(lines.some((l) => l.startsWith('two-phase-commit '))).toBe(true);
  });
});

describe('check', () => {
  it('two-phase-commit rms=3 --json: exit 0, 288 states, the report shape', () => {
    const r = cli('check', 'two-phase-commit', '--param', 'rms=3', '--json');
    expect(r.status).toBe(0);
    const j = json(r);
    expect(j).toMatchObject({ model: 'two-phase-commit', params: { rms: 3 }, verdict: 'pass', exitCode: 0, distinctStates: 288, strategy: 'bfs' });
    expect(j.transitions).toBe(1145);
    expect(typeof j.maxDepth).toBe('number');
    expect(j.maxDepth).toBeGreaterThan(0);
    expect(typeof j.seconds).toBe('number');
    expect(j.seconds).toBeGreaterThanOrEqual(0);
    expect(j.properties).toEqual([
      { name: 'consistent', kind: 'always', status: 'holds' },
      { name: 'all committed', kind: 'sometimes', status: 'witnessed' },
      { name: 'all aborted', kind: 'sometimes', status: 'witnessed' },
    ]);
    expect(j.counterexample).toBeUndefined();
    expect(Object.keys(j.witnesses).sort()).toEqual(['all aborted', 'all committed']);
  });

  it('ricart-agrawala-no-tiebreak entries=1 --json: exit 12 with a counterexample', () => {
    const r = cli('check', 'ricart-agrawala-no-tiebreak', '--param', 'entries=1', '--json');
    expect(r.status).toBe(12);
    const j = json(r);
    expect(j.verdict).toBe('violation');
    expect(j.counterexample.property.name).toBe('mutual exclusion');
    expect(j.counterexample.steps).toHaveLength(12);
    for (const s of j.counterexample.steps) {
      expect(typeof s.actor).toBe('string');
      expect(typeof s.action).toBe('string');
      expect(Array.isArray(s.changes)).toBe(true);
      expect(s.changes.length).toBeGreaterThan(0);
    }
    expect(j.counterexample.steps[0]).toMatchObject({ index: 1, actor: 'P0', action: 'request' });
    expect(j.counterexample.steps[11]).toMatchObject({ index: 12, actor: 'P1', action: 'enter' });
    expect(j.properties.find((p: { name: string }) => p.name === 'mutual exclusion').status).toBe('violated');
  });

  it('text output of a violation has the verdict and numbered steps', () => {
    const r = cli('check', 'ricart-agrawala-no-tiebreak', '--param', 'entries=1');
    expect(r.status).toBe(12);
    expect(r.stdout).toMatch(/^verdict: violation \(exit 12\)$/m);
    expect(r.stdout).toMatch(/mutual exclusion violated after 12 steps:/);
    expect(r.stdout).toMatch(/^\s+0\. initial state$/m);
    expect(r.stdout).toMatch(/^\s+1\. P0 request$/m);
    expect(r.stdout).toMatch(/^\s+12\. P1 enter$/m);
    expect(r.stdout).toMatch(/P1\.mode: WANT → HELD/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // NO_COLOR
  });

  it('--max-states 10: exit 152, verdict incomplete', () => {
    const r = cli('check', 'ricart-agrawala', '--max-states', '10', '--json');
    expect(r.status).toBe(152);
    const j = json(r);
    expect(j.verdict).toBe('incomplete');
    expect(j.limit).toBe('states');
    expect(j.distinctStates).toBeLessThan(pinnedStates('ricart-agrawala'));
  });

  it('--strategy dfs is accepted and finds the same states', () => {
    const r = cli('check', 'two-phase-commit', '--param', 'rms=3', '--strategy', 'dfs', '--json');
    expect(r.status).toBe(0);
    expect(json(r)).toMatchObject({ strategy: 'dfs', distinctStates: 288 });
  });
});

describe('user model files (no build step, self-reference import)', () => {
  it('a default-exported generic model importing from interleave checks with exit 0', () => {
    const r = cli('check', rel('user-model.ts'), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = json(r);
    expect(j).toMatchObject({ model: 'user-grid', verdict: 'pass', distinctStates: 9, transitions: 12, maxDepth: 4 });
    expect(j.properties.map((p: { status: string }) => p.status)).toEqual(['holds', 'witnessed']);
  });

  it('a default-exported action model checks, and its counterexample names the actions', () => {
    const r = cli('check', rel('user-actions.ts'), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(12);
    const j = json(r);
    expect(j).toMatchObject({ model: 'user-lights', verdict: 'violation', distinctStates: 8 });
    expect(j.counterexample.steps.map((s: { actor: string; action: string }) => `${s.actor} ${s.action}`)).toEqual(['L0 Switch', 'L1 Switch', 'L2 Switch']);
  });

  it('a default-exported defineModel takes --param', () => {
    const atDefault = cli('check', rel('user-def.ts'), '--json');
    expect(atDefault.status).toBe(0);
    expect(json(atDefault)).toMatchObject({ params: { max: 3 }, verdict: 'pass', distinctStates: 4 });

    const bigger = cli('check', rel('user-def.ts'), '--param', 'max=9', '--json');
    expect(bigger.status).toBe(12);
    const j = json(bigger);
    expect(j.params).toEqual({ max: 9 });
    expect(j.counterexample.property.name).toBe('below 5');
    expect(j.counterexample.steps).toHaveLength(5);
  });

  it('the parameters of a user definition are checked: max=0 is below its min', async () => {
    expectOneLineError(await run('check', rel('user-def.ts'), '--param', 'max=0'), 151, /max/);
  });

  it('a bare model takes no --param', async () => {
    expectOneLineError(await run('check', rel('user-model.ts'), '--param', 'x=1'), 151);
  });
});

describe('errors: one line on stderr, nothing on stdout, the documented exit code', () => {
  // Through the command (a process of its own) where the error comes from the loader (a file that
  // throws) or from bin.mjs; in this process (main()) where main() finds it, as in the battery.
  it('unknown model: 150', () => {
    expectOneLineError(cli('check', 'no-such-model'), 150, /no-such-model/);
  });
  it('missing file ./nope.ts: 150', async () => {
    expectOneLineError(await run('check', './nope.ts'), 150, /nope\.ts/);
  });
  it('a file with no default export: 150', async () => {
    // It exports one model by name: the message says which, and how to make it the default.
    expectOneLineError(await run('check', rel('named-only.ts')), 150, /has no default export, but exports the model model: add `export default model`$/);
  });
  it('a file whose default export is not a model: 150', async () => {
    expectOneLineError(await run('check', rel('not-a-model.ts')), 150, /not a model/);
  });
  it('a file that throws when loaded: 150', () => {
    expectOneLineError(cli('check', rel('throws.ts')), 150, /broken at load/);
  });
  it('unknown option --frobnicate: 151', async () => {
    expectOneLineError(await run('check', 'two-phase-commit', '--frobnicate'), 151, /frobnicate/);
  });
  it('--param n=0 on ricart-agrawala: 151', async () => {
    expectOneLineError(await run('check', 'ricart-agrawala', '--param', 'n=0'), 151, /\bn\b/);
  });
  it('--param n=abc: 151', async () => {
    expectOneLineError(await run('check', 'ricart-agrawala', '--param', 'n=abc'), 151, /abc/);
  });
  it('--param nosuch=1: 151', async () => {
    expectOneLineError(await run('check', 'ricart-agrawala', '--param', 'nosuch=1'), 151, /nosuch/);
  });
  it('--max-states -1: 151', async () => {
    expectOneLineError(await run('check', 'ricart-agrawala', '--max-states', '-1'), 151, /max-states/);
    expectOneLineError(await run('check', 'ricart-agrawala', '--max-states=-1'), 151, /max-states/);
  });
  it('--strategy xyz: 151', async () => {
    expectOneLineError(await run('check', 'ricart-agrawala', '--strategy', 'xyz'), 151, /xyz/);
  });
  it('unknown command: 151', () => {
    expectOneLineError(cli('frobnicate'), 151, /frobnicate/);
  });
  it('check with no model: 151', async () => {
    expectOneLineError(await run('check'), 151);
  });
  it('no command at all: a one-line error, 151', () => {
    expectOneLineError(cli(), 151, /no command given/);
  });
  it('--help prints the usage and exits 0', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/interleave check <model-name/);
  });
});

/** Runs the CLI in this process (no start-up cost), capturing what it prints. */
const run = inProcess;

/** The one-line error contract, for an in-process run. */
function expectOneLine(r: Run, code: number, mentions: RegExp): void {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: code, stdout: '' });
  expect(r.stderr.replace(/\n$/, '').split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^interleave: /);
  expect(r.stderr.replace(/\n$/, '')).toMatch(mentions);
}

const CORPUS_RA = 'test/corpus/ricart-agrawala-no-tiebreak.trace.json';

describe('check --format / --out / --minimise', () => {
  const formats: [string, string][] = [['json', 'trace.json'], ['itf', 'itf.json'], ['shiviz', 'shiviz.log'], ['mermaid', 'mmd'], ['svg', 'svg'], ['html', 'html']];
  for (const [format, ext] of formats) {
    it(`--format ${format}: the report as usual (exit 12), and the counterexample written to --out`, async () => {
      const out = `${TMP}ra.${ext}`;
      const r = await run('check', 'ricart-agrawala-no-tiebreak', '--param', 'entries=1', '--format', format, '--out', out, '--json');
      expect(r.status).toBe(12);
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({ verdict: 'violation', output: out });
      const text = readFileSync(out, 'utf8');
      if (format === 'json') expect(traceFileError(JSON.parse(text))).toBeUndefined();
      if (format === 'itf') expect(itfError(JSON.parse(text))).toBeUndefined();
      if (format === 'html') expect(text).toMatch(/^<!DOCTYPE html>/);
      if (format === 'svg') expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
      if (format === 'mermaid') expect(text).toMatch(/^sequenceDiagram\n/);
      if (format === 'shiviz') expect(text.split('\n')[0]).toBe('^(?<host>\\S+) (?<clock>\\{[^}]*\\}) (?<event>.*)$');
    });
  }

  it('the format is taken from --out when --format is not given; text output ends with the file written', async () => {
    const out = `${TMP}early.svg`;
    const r = await run('check', 'two-phase-commit-early-commit', '--param', 'rms=2', '--out', out);
    expect(r.status).toBe(12);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('<svg ');
  });

  it('with no --out, a file named after the model in the current directory', async () => {
    const cwd = process.cwd();
    process.chdir(TMP);
    try {
      const r = await run('check', 'two-phase-commit-early-commit', '--param', 'rms=2', '--format', 'mermaid');
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('wrote two-phase-commit-early-commit.mmd');
      expect(existsSync(`${TMP}two-phase-commit-early-commit.mmd`)).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a model that passes has no counterexample: nothing is written, and it says so', async () => {
    const out = `${TMP}none.svg`;
    const r = await run('check', 'two-phase-commit', '--param', 'rms=2', '--format', 'svg', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('no counterexample (verdict pass): no svg file written');
    expect(existsSync(out)).toBe(false);
  });

  it.each(['total-order-sequencer-no-gap-holdback', 'chandy-lamport-late-markers'])('%s: a picture drawn from the saved trace file is the picture check draws (field order, title)', async (model) => {
    const direct = `${TMP}${model}.direct.svg`;
    const saved = `${TMP}${model}.trace.json`;
    const redrawn = `${TMP}${model}.redrawn.svg`;
    expect((await run('check', model, '--format', 'svg', '--out', direct)).status).toBe(12);
    expect((await run('check', model, '--format', 'json', '--out', saved)).status).toBe(12);
    expect((await run('trace', saved, '--format', 'svg', '--out', redrawn)).status).toBe(0);
    const svg = readFileSync(direct, 'utf8');
    expect(readFileSync(redrawn, 'utf8')).toBe(svg);
    // Titled by the model the user ran, not by the system's internal name.
    expect(svg).toContain(`<title>${model}: `);
  });

  it('--format dot names the graph after the model the user ran, not the system inside it', async () => {
    const out = `${TMP}2pc-processes.dot`;
    expect((await run('check', 'two-phase-commit-processes', '--param', 'participants=1', '--format', 'dot', '--out', out)).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^digraph "two-phase-commit-processes" \{\n(.*\n){3}  label="two-phase-commit-processes: \d+ states/);
  });

  it('--witness NAME writes that witness instead of a counterexample: the README picture of a held-back receipt, from the CLI', async () => {
    const out = `${TMP}held-back.svg`;
    const r = await run('check', 'causal-multicast', '--witness', 'm2 held back until m1', '--format', 'svg', '--clocks', '--out', out, '--workers', '1');
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(`${ROOT}test/corpus/causal-multicast-held-back.svg`, 'utf8'));
    // A witness the search did not reach (it stopped at the violation first): nothing is written, and it says so.
    const none = `${TMP}none-witness.svg`;
    const v = await run('check', 'ricart-agrawala-no-tiebreak', '--witness', 'every entry done', '--format', 'svg', '--out', none);
    expect(v.status).toBe(12);
    expect(v.stdout.trimEnd().split('\n').at(-1)).toBe('no witness for every entry done found (verdict violation): no svg file written');
    expect(existsSync(none)).toBe(false);
  });

  it('the report counts in the singular where there is one: "1 distinct state, 0 transitions", "after 0 steps"', async () => {
    // A bank with nothing to move never starts its snapshot: termination fails in the initial state.
    const r = await run('check', 'chandy-lamport', '--param', 'balance=0', '--workers', '1');
    expect(r.status).toBe(12);
    expect(r.stdout).toMatch(/^1 distinct state, 0 transitions, max depth 0, /m);
    expect(r.stdout).toMatch(/^termination violated after 0 steps:$/m);
  });

  it('--witness: a name that is not a witness of the model, or no output asked for, is exit 151 in one line', async () => {
    const bad = await run('check', 'causal-multicast', '--witness', 'causal order', '--format', 'svg');
    expect([bad.status, bad.stderr.trim()]).toEqual([151, 'interleave: --witness causal order: causal-multicast has no sometimes property of that name (its witnesses: held back, m2 held back until m1, all delivered, orders differ)']);
    const noOut = await run('check', 'causal-multicast', '--witness', 'held back');
    expect([noOut.status, noOut.stderr.trim()]).toEqual([151, "interleave: --witness writes that witness's trace: add --format (or --out FILE)"]);
    const dot = await run('check', 'causal-multicast', '--witness', 'held back', '--format', 'dot');
    expect(dot.status).toBe(151);
  });

  it('--format dot draws the whole state graph of a small model, and refuses a large one in one line', async () => {
    const out = `${TMP}2pc.dot`;
    const r = await run('check', 'two-phase-commit', '--param', 'rms=2', '--format', 'dot', '--out', out);
    expect(r.status).toBe(0);
    const dot = readFileSync(out, 'utf8');
    expect(dot).toMatch(/^digraph "two-phase-commit" \{/);
    expect(dot).toContain('label="two-phase-commit: 56 states, 153 steps"'); // as explore counts: 56 distinct states, 153 transitions
    expectOneLine(await run('check', 'ricart-agrawala-no-tiebreak', '--param', 'entries=1', '--format', 'dot', '--out', `${TMP}ra.dot`), 151, /more than 2,000 states/);
    expect(existsSync(`${TMP}ra.dot`)).toBe(false);
  });

  it('bad --format, an --out whose format cannot be told, --clocks for a format without clocks: 151', async () => {
    expectOneLine(await run('check', 'ricart-agrawala', '--format', 'png'), 151, /--format must be one of json, itf, shiviz, mermaid, svg, dot, html; got 'png'/);
    expectOneLine(await run('check', 'ricart-agrawala', '--out', 'x.pdf'), 151, /cannot tell the format of --out x\.pdf/);
    expectOneLine(await run('check', 'ricart-agrawala', '--format', 'mermaid', '--clocks'), 151, /--clocks and --cut apply to --format svg, not mermaid/);
    expectOneLine(await run('check', 'ricart-agrawala', '--format', 'svg', '--cut', 'x'), 151, /--cut must be a step number/);
    expectOneLine(await run('check', 'ricart-agrawala-no-tiebreak', '--param', 'entries=1', '--format', 'svg', '--out', `${TMP}no/such/dir/x.svg`), 151, /cannot write .*x\.svg/);
  });

  it('--strategy dfs --minimise: the 26-step DFS counterexample is reported minimised to 12 steps', async () => {
    const r = await run('check', 'ricart-agrawala-no-tiebreak', '--strategy', 'dfs', '--minimise', '--json');
    expect(r.status).toBe(12);
    const j = JSON.parse(r.stdout);
    expect(j.minimised).toMatchObject({ stepsBefore: 26, stepsAfter: 12 });
    expect(j.counterexample.steps).toHaveLength(12);
  });
});

describe('trace: converting a saved trace', () => {
  it('with no --format: the trace as text', async () => {
    const r = await run('trace', CORPUS_RA);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('mutual exclusion violated after 12 steps:');
    expect(r.stdout).toMatch(/^\s+12\. P1 enter$/m);
  });
  it('--out - prints the converted trace', async () => {
    const r = await run('trace', CORPUS_RA, '--format', 'mermaid', '--out', '-');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^sequenceDiagram\n/);
    expect(r.stdout).toContain('  Note over p1: 12. enter ⚠ mutual exclusion violated after 12 steps\n');
  });
  it('an ITF file converts like a trace file; svg takes --clocks and --cut', async () => {
    await run('trace', CORPUS_RA, '--format', 'itf', '--out', `${TMP}ra-from-corpus.itf.json`);
    const r = await run('trace', `${TMP}ra-from-corpus.itf.json`, '--format', 'svg', '--clocks', '--cut', '1,3,2', '--out', `${TMP}ra-cut.svg`);
    expect(r).toEqual({ status: 0, stdout: `wrote ${TMP}ra-cut.svg\n`, stderr: '' });
    const svg = readFileSync(`${TMP}ra-cut.svg`, 'utf8');
    expect(svg).toMatch(/cut is inconsistent: P\d&#39;s receive of OK is inside it, P\d&#39;s send is not/);
    expect(svg).toContain('>[1,2,0]</text>'); // P1 after receiving P0's request
  });
  it('a bad trace file: one line naming the field, exit 150', async () => {
    const bad = JSON.parse(readFileSync(CORPUS_RA, 'utf8'));
    bad.steps[3].changes[0].path = 42;
    writeFileSync(`${TMP}bad.trace.json`, JSON.stringify(bad));
    expectOneLine(await run('trace', `${TMP}bad.trace.json`, '--format', 'svg'), 150, /^interleave: bad trace file .*bad\.trace\.json: steps\[3\]\.changes\[0\]\.path must be string, got 42$/);
    expectOneLine(await run('trace', `${TMP}missing.trace.json`), 150, /trace file not found: .*missing\.trace\.json/);
  });
});

describe('replay', () => {
  it('a saved counterexample against its own model: violation reproduced, exit 12', async () => {
    const r = await run('replay', CORPUS_RA);
    expect(r.status).toBe(12);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^replay test\/corpus\/ricart-agrawala-no-tiebreak\.trace\.json: 12 steps against model ricart-agrawala-no-tiebreak \(n=3, entries=2\b.*\)$/);
    expect(lines.slice(1)).toEqual(['reproduced: violation of mutual exclusion reproduced: 12 steps replayed (exit 12)', '']);
  });
  it('against the fixed model: the first step that differs, exit 22 (--json)', async () => {
    const r = await run('replay', CORPUS_RA, 'ricart-agrawala', '--json');
    expect(r.status).toBe(22);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'ricart-agrawala', status: 'different', step: 5, replayed: 4, exitCode: 22 });
  });
  it('a trace of a model loaded from a file names the file relative to itself, and replays from anywhere', async () => {
    mkdirSync(`${TMP}sub`, { recursive: true });
    const out = `${TMP}sub/counter.trace.json`;
    expect((await run('check', rel('user-def.ts'), '--param', 'max=9', '--format', 'json', '--out', out)).status).toBe(12);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ model: 'user-counter', source: '../user-def.ts', params: { max: 9 } });
    const r = await run('replay', out);
    expect(r.status).toBe(12);
    expect(r.stdout).toContain('reproduced: violation of below 5 reproduced: 5 steps replayed');
  });
  it('a trace whose model file has moved: 150, saying how to name the model; named, it replays', async () => {
    mkdirSync(`${TMP}moved`, { recursive: true });
    writeFileSync(`${TMP}moved/gone.ts`, readFileSync(`${TMP}user-def.ts`, 'utf8'));
    const out = `${TMP}moved/gone.trace.json`;
    expect((await run('check', rel('moved/gone.ts'), '--param', 'max=9', '--format', 'json', '--out', out)).status).toBe(12);
    renameSync(`${TMP}moved/gone.ts`, `${TMP}moved/here.ts`);
    expectOneLine(await run('replay', out), 150, /the model file of .*gone\.trace\.json is not found: .*gone\.ts \(moved or renamed\? name it after the trace: interleave replay .*gone\.trace\.json path\/to\/model\.ts\)$/);
    expectOneLine(await run('trace', out, '--format', 'dot'), 150, /name it after the trace: interleave trace .*gone\.trace\.json path\/to\/model\.ts --format dot \(the other formats need no model\)\)$/);
    // (Written beside the trace, not into the working directory, which is the repository's here.)
    expect((await run('trace', out, '--format', 'mermaid', '--out', `${TMP}moved/gone.mmd`)).status).toBe(0);
    expect(existsSync(`${TMP}moved/gone.mmd`)).toBe(true);
    // Named, dot draws; another format refuses a model (it would not use it).
    expect((await run('trace', out, `${TMP}moved/here.ts`, '--format', 'dot', '--out', '-')).stdout).toMatch(/^digraph /);
    expectOneLine(await run('trace', out, `${TMP}moved/here.ts`, '--format', 'svg'), 151, /trace takes a model only with --format dot/);
    expect((await run('replay', out, `${TMP}moved/here.ts`)).status).toBe(12);
  });
  it('an ITF trace that names no model needs one on the command line: 151', async () => {
    const itf = JSON.parse((await run('trace', CORPUS_RA, '--format', 'itf', '--out', '-')).stdout);
    delete itf['#meta'];
    writeFileSync(`${TMP}foreign.itf.json`, JSON.stringify(itf));
    expectOneLine(await run('replay', `${TMP}foreign.itf.json`), 151, /does not name its model/);
    const r = await run('replay', `${TMP}foreign.itf.json`, 'ricart-agrawala-no-tiebreak');
    expect(r.status).toBe(12);
  });
});

describe('errors of the new commands, end to end (a separate process)', () => {
  it('replay of a bad trace file: one line naming the field, exit 150', () => {
    writeFileSync(`${TMP}bad-kind.trace.json`, readFileSync(CORPUS_RA, 'utf8').replace('"kind": "violation"', '"kind": "oops"'));
    expectOneLineError(cli('replay', rel('bad-kind.trace.json')), 150, /bad trace file .*: kind must be one of deadlock, violation, witness, got "oops"/);
  });
  it('--help lists the trace and replay commands', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/interleave trace <trace-file>/);
    expect(r.stdout).toMatch(/interleave replay <trace-file>/);
  });
});

describe('liveness from the command line', () => {
  it('token-ring-skips-waiting --json: exit 13, verdict liveness, a counterexample with loop; --fairness strong: exit 0', async () => {
    const r = await run('check', 'token-ring-skips-waiting', '--json');
    expect(r.status).toBe(13);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('liveness');
    expect(j.counterexample.loop).toBe(1);
    expect(j.fairness).toEqual({ mode: 'declared', weakGroups: 14, strongGroups: 0 });
    const s = await run('check', 'token-ring-skips-waiting', '--fairness', 'strong', '--json');
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).fairness.mode).toBe('strong');
  });

  it('token-ring and central-server with entries=0: exit 0, the liveness properties hold', async () => {
    for (const m of ['token-ring', 'central-server']) {
      const r = await run('check', m, '--param', 'entries=0', '--json');
      expect(r.status, m).toBe(0);
      const props = JSON.parse(r.stdout).properties as { name: string; status: string }[];
      expect(props.find((p) => p.name === 'every request is eventually granted')?.status).toBe('holds');
    }
  });

  it('the text report says the cycle repeats, and which fairness was assumed', async () => {
    const r = await run('check', 'token-ring-skips-waiting');
    expect(r.stdout).toMatch(/fairness: as declared: 14 weakly and 0 strongly fair groups/);
    expect(r.stdout).toMatch(/the cycle repeats from step 2: step 7 returns to the state after step 1/);
  });

  it('--format itf of a lasso has loop, and replay of it exits 13', async () => {
    const file = `${TMP}lasso-ring.itf.json`;
    expect((await run('check', 'token-ring-skips-waiting', '--format', 'itf', '--out', file)).status).toBe(13);
    expect(JSON.parse(readFileSync(file, 'utf8')).loop).toBe(2);
    const r = await run('replay', file);
    expect(r.status).toBe(13);
    expect(r.stdout).toMatch(/reproduced/);
  });

  it('--fairness bogus: 151', async () => {
    expectOneLine(await run('check', 'token-ring', '--fairness', 'bogus'), 151, /--fairness must be none, weak, strong or declared, got 'bogus'/);
  });

  it('a lasso trace file whose loop points past the end: 150', async () => {
    const file = `${TMP}lasso-ring.trace.json`;
    await run('check', 'token-ring-skips-waiting', '--format', 'json', '--out', file);
    const t = JSON.parse(readFileSync(file, 'utf8'));
    t.loop = 7;
    writeFileSync(file, JSON.stringify(t));
    expectOneLine(await run('replay', file), 150, /loop must be less than the number of steps, 7, got 7/);
  });

  it('--fairness weak on a model that declares no fairness: 151', async () => {
    const file = `${TMP}lazy-live.ts`;
    writeFileSync(
      file,
      `import { eventually } from 'interleave';\nexport default { name: 'lazy', init: () => [{ x: 0 }], actions: (s: { x: number }) => (s.x < 2 ? ['inc'] : ['stay']), next: (s: { x: number }, a: string) => (a === 'inc' ? { x: s.x + 1 } : s), properties: [eventually('two', (s: { x: number }) => s.x === 2)] };\n`,
    );
    expectOneLine(await run('check', file, '--fairness', 'weak'), 151, /--fairness weak cannot be honoured: lazy declares no fairness/);
  });
});
