/**
 * interleave used from another project: the package is packed (`npm pack`), installed into fresh
 * temporary projects offline (its dependencies from the npm cache that `npm ci` filled, pinned by
 * this repository's lock file), a model is written there, and checked through `npx interleave`;
 * the library's `check` is called from a script. Both a project without "type": "module" and one
 * with it. Slow (an install): run by `npm run test:e2e` (and .ci/run), not by `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = `import { actionModel, always, sometimes } from 'interleave';

type S = { readonly x: number; readonly y: number };
export default actionModel<S>({
  name: 'walk-actions',
  init: () => [{ x: 0, y: 0 }],
  actions: {
    StepX: (s) => s.x < 3 && { x: s.x + 1 },
    StepY: (s) => s.y < 3 && { y: s.y + 1 },
  },
  properties: [always('in the box', (s) => s.x <= 3 && s.y <= 3), sometimes('corner', (s) => s.x === 3 && s.y === 3)],
  isEnd: (s) => s.x === 3 && s.y === 3,
});
`;
const SCRIPT = `import { check } from 'interleave';
import model from './model.ts';
const report = check(model, { maxStates: 1000 });
console.log(JSON.stringify({ verdict: report.verdict, states: report.distinctStates }));
`;

let work: string;
let tarball: string;

/** A project with interleave installed offline from the tarball; `type` is its package.json's "type", if any. */
function project(name: string, type?: 'module'): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const rel = `file:${tarball}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, ...(type ? { type } : {}), dependencies: { interleave: rel } }, null, 1));
  // A lock file naming the exact versions this repository installed, so that npm needs no registry.
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const root = lock.packages[''];
  const packages: Record<string, unknown> = {
    '': { name, version: '1.0.0', dependencies: { interleave: rel } },
    'node_modules/interleave': { version: root.version, resolved: rel, dependencies: root.dependencies, bin: { interleave: 'checker/cli/bin.mjs' } },
  };
  for (const [k, v] of Object.entries(lock.packages)) if (k !== '' && !v.dev && !v.link) packages[k] = v;
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 1));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'model.ts'), MODEL);
  writeFileSync(join(dir, 'script.ts'), SCRIPT);
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'interleave-e2e-'));
  const out = execFileSync('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: repo, encoding: 'utf8' });
  tarball = join(work, out.trim().split('\n').pop() as string);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each([
  ['without "type": "module"', undefined],
  ['with "type": "module"', 'module' as const],
])('a project %s', (_what, type) => {
  let dir: string;
  beforeAll(() => {
    dir = project(type ? 'esm-project' : 'cjs-project', type);
  }, 240_000);

  it('checks its own model file with npx interleave', () => {
    const r = spawnSync('npx', ['interleave', 'check', 'model.ts', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { verdict: string; distinctStates: number };
    expect([j.verdict, j.distinctStates]).toEqual(['pass', 16]);
  }, 60_000);

  it('runs the bundled models and list from the installed package (its bundle under node_modules reads their manifest)', () => {
    const list = spawnSync('npx', ['interleave', 'list', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).some((m) => m.name === 'two-phase-commit')).toBe(true);
    const r = spawnSync('npx', ['interleave', 'check', 'two-phase-commit', '--param', 'rms=3', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { verdict: string }).verdict).toBe('pass');
  }, 60_000);

  it("calls the library's check from a script", () => {
    const r = spawnSync('npx', ['interleave', 'check', 'model.ts', '--max-states', '3'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(152); // incomplete (TLC's exit code): the limit is honoured
    const s = spawnSync(process.execPath, ['--import', 'tsx', 'script.ts'], { cwd: dir, encoding: 'utf8' });
    expect(s.stderr).toBe('');
    expect(JSON.parse(s.stdout)).toEqual({ verdict: 'pass', states: 16 });
  }, 60_000);
});
