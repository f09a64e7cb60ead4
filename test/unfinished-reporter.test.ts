/**
 * The reporter that names a test file whose process died (test/unfinished-reporter.ts): a nested
 * vitest run over a file that kills its own process in its second test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'interleave-reporter-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

it('names the file whose process died and its tests without a result; says nothing when every file finished', () => {
  writeFileSync(join(TMP, 'dies.test.mjs'), ["import { it } from 'vitest';", "it('first', () => {});", "it('second kills its process', () => { process.kill(process.pid, 'SIGKILL'); });", "it('third', () => {});", ''].join('\n'));
  writeFileSync(join(TMP, 'fine.test.mjs'), ["import { it } from 'vitest';", "it('fine', () => {});", ''].join('\n'));
  const reporter = JSON.stringify(join(ROOT, 'test/unfinished-reporter.ts'));
  writeFileSync(join(TMP, 'vitest.config.mjs'), `export default { test: { pool: 'forks', reporters: ['default', ${reporter}] } };\n`);
  const run = (file: string) => spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', file], { cwd: TMP, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' }, timeout: 60_000 });
  const died = run('dies.test.mjs');
  expect(died.status).not.toBe(0);
  expect(died.stdout + died.stderr).toContain('Worker exited unexpectedly');
  // The first test's result may not have reached vitest before the process died.
  expect(died.stderr).toMatch(/^test file did not finish: dies\.test\.mjs \(state pending; [23] test\(s\) without a result\)\n(  - first\n)?  - second kills its process\n  - third\n/m);
  const fine = run('fine.test.mjs');
  expect([fine.status, fine.stderr]).toEqual([0, '']);
});
