/**
 * The README is true: its example model runs with the output it claims, and its Quick start
 * names the commands package.json defines.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const tmp = fileURLToPath(new URL('./.tmp-readme/', import.meta.url));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('README', () => {
  it('Quick start has exactly the two documented commands, both defined in package.json', () => {
    const quick = /## Quick start\s+```sh\n([\s\S]*?)```/.exec(readme);
    expect(quick?.[1].trim().split('\n')).toEqual(['npm ci && npm run check', 'npm test']);
    expect(pkg.scripts.check).toBeDefined();
    expect(pkg.scripts.test).toBe('vitest run');
  });

  it('the generic-level example checks as the README says (16 states, pass)', () => {
    const block = /```ts\n(import \{ always, sometimes, type Model \} from 'interleave';[\s\S]*?export default walk;\n)```/.exec(readme);
    expect(block).not.toBeNull();
    mkdirSync(tmp, { recursive: true });
    writeFileSync(`${tmp}walk.ts`, block![1]);
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', `${tmp}walk.ts`, '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { verdict: string; distinctStates: number };
    expect(j).toMatchObject({ verdict: 'pass', distinctStates: 16 });
    expect(readme).toContain('`npx interleave check walk.ts` (16 states, pass)');
  });

  it('the action-model example checks as the README says (16 states, pass)', () => {
    const block = /```ts\n(import \{ actionModel, always, sometimes \} from 'interleave';[\s\S]*?\n\}\);\n)```/.exec(readme);
    expect(block).not.toBeNull();
    mkdirSync(tmp, { recursive: true });
    writeFileSync(`${tmp}walk-actions.ts`, block![1]);
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', `${tmp}walk-actions.ts`, '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'walk-actions', verdict: 'pass', distinctStates: 16, transitions: 24 });
    expect(readme).toContain('(`npx interleave check walk-actions.ts`: 16 states, pass.)');
  });

  it('the roles-and-observer example checks as the README says (22 states, pass; 20 without the observer)', () => {
    const block = /```ts\n(import \{ always, ghostOf, send, sometimes, step, system, unordered, type Observer, type Protocol \} from 'interleave';[\s\S]*?\n\}\);\n)```/.exec(readme);
    expect(block).not.toBeNull();
    mkdirSync(tmp, { recursive: true });
    writeFileSync(`${tmp}ask.ts`, block![1]);
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', `${tmp}ask.ts`, '--witnesses', '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { verdict: string; distinctStates: number; witnesses: Record<string, { steps: { action: string; changes: { path: string }[] }[] }> };
    expect(j).toMatchObject({ verdict: 'pass', distinctStates: 22 });
    const w = j.witnesses['later answer first'].steps;
    expect(w.at(-1)!.action).toBe('receives ANSWER(n=2) from P0');
    expect(w.at(-1)!.changes.map((c) => c.path)).toContain('arrivals');
    writeFileSync(`${tmp}ask-plain.ts`, block![1].replace('observers: [arrivals],', '').replace(/    sometimes\('later answer first'[\s\S]*?\}\),\n/, ''));
    const plain = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', `${tmp}ask-plain.ts`, '--json'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(plain.stdout)).toMatchObject({ verdict: 'pass', distinctStates: 20 });
    expect(readme).toContain('`npx interleave check ask.ts --witnesses` (22 states, pass)');
    expect(readme).toContain('Without the\nobserver the system has 20 states');
  });

  it('the counterexample excerpt is what the checker prints for the mutant', () => {
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', 'ricart-agrawala-no-tiebreak', '--param', 'entries=1'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(12);
    const excerpt = /```\n(mutual exclusion violated[\s\S]*?)```/.exec(readme)![1];
    for (const line of excerpt.split('\n').filter((l) => l.trim() && !l.includes('…'))) expect(r.stdout).toContain(line);
  });

  it('the liveness example checks as the README says (9 states, pass; exit 13 without Climb fair)', () => {
    const block = /```ts\n(import \{ actionModel, eventually \} from 'interleave';[\s\S]*?\n\}\);\n)```/.exec(readme);
    expect(block).not.toBeNull();
    mkdirSync(tmp, { recursive: true });
    writeFileSync(`${tmp}spin-or-climb.ts`, block![1]);
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', `${tmp}spin-or-climb.ts`, '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'spin-or-climb', verdict: 'pass', distinctStates: 9 });
    writeFileSync(`${tmp}spin-only.ts`, block![1].replace("fairness: { Spin: 'weak', Climb: 'weak' }", "fairness: { Spin: 'weak' }"));
    expect(spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', `${tmp}spin-only.ts`], { cwd: root, encoding: 'utf8' }).status).toBe(13);
    expect(readme).toContain('(`npx interleave check spin-or-climb.ts`: 9 states, pass.');
  });

  it('the lasso excerpt is what the checker prints for token-ring-skips-waiting', () => {
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', 'token-ring-skips-waiting'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(13);
    const excerpt = /```\n(every request is eventually granted \(P0\) violated[\s\S]*?)```/.exec(readme)![1];
    expect(r.stdout).toContain(excerpt.trimEnd());
  });
});

describe('README tables generated from models/manifest.json', () => {
  it('the table of pinned facts is what models/readme-tables.ts renders now (regenerate: npx tsx models/readme-tables.ts)', async () => {
    const { withTable } = await import('../models/readme-tables.ts');
    expect(withTable(readme)).toBe(readme);
  });

  it('a README whose table disagrees is caught', async () => {
    const { withTable, manifestTable } = await import('../models/readme-tables.ts');
    const wrong = withTable(readme, manifestTable().replace('| 8,832 |', '| 8,833 |'));
    expect(wrong).not.toBe(readme);
    expect(withTable(wrong)).toBe(readme);
  });
});
