/**
 * deploy/ without a cluster: the image's file tree is built as deploy/Dockerfile says (its WORKDIR,
 * COPY and RUN lines, read from the file, run in a temporary directory instead of a container; the
 * install offline from the npm cache that `npm ci` filled), then the Kubernetes Job's shell command
 * runs there as its pod would (`sh -c`, JOB_COMPLETION_INDEX set) and the Slurm script as a task
 * would (`bash`, SLURM_ARRAY_TASK_ID set), each for a few seconds instead of an hour, and
 * `swarm-report` merges what they wrote. It fails when the image lacks a file the CLI needs at run
 * time, or when either wrapper's command or exit-code test breaks. Slow (an install): run by
 * `npm run test:e2e` (and .ci/run).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const read = (f: string): string => readFileSync(join(repo, f), 'utf8');

let work: string;
let app: string;
let results: string;

/** A wrapper's text with its hour-long time limit cut to `seconds` and `/results` moved to this test's directory. */
function shortened(text: string, seconds: number): string {
  expect(text).toMatch(/--time-limit \d+/);
  return text.replace(/--time-limit \d+/g, `--time-limit ${seconds}`).replace(/(?<=[\s=])\/results\//g, `${results}/`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'interleave-deploy-'));
  results = join(work, 'results');
  mkdirSync(results);
  // The Dockerfile's instructions, one by one (continuation lines are not used in it).
  let cwd = work;
  for (const line of read('deploy/Dockerfile').split('\n')) {
    const [op, ...args] = line.trim().split(/\s+/);
    if (op === 'WORKDIR') {
      cwd = join(work, args[0]);
      mkdirSync(cwd, { recursive: true });
    } else if (op === 'COPY') {
      const dest = args[args.length - 1];
      for (const src of args.slice(0, -1)) cpSync(join(repo, src), dest.endsWith('/') ? join(cwd, dest, src) : join(cwd, dest), { recursive: true });
    } else if (op === 'RUN') {
      expect(args.slice(0, 2)).toEqual(['npm', 'ci']);
      execFileSync('npm', [...args.slice(1), '--offline', '--loglevel=error'], { cwd, stdio: 'pipe' });
    } else expect(['', 'FROM', undefined].includes(op) || op.startsWith('#')).toBe(true);
  }
  app = cwd;
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the image deploy/Dockerfile describes', () => {
  it('holds the CLI and its run-time dependencies only: no dev dependency, no tests', () => {
    expect(existsSync(join(app, 'checker/cli/bin.mjs'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/tsx'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(app, 'test'))).toBe(false);
  });

  it("runs the Kubernetes Job's command as pod 3 would: the shard writes its result and the pod succeeds", () => {
    const yaml = read('deploy/kubernetes/swarm-job.yaml');
    expect(/^\s*workingDir: (\S+)$/m.exec(yaml)?.[1]).toBe(`/${app.slice(work.length + 1)}`);
    // The container's `args`: one folded (>-) block scalar, run by `sh -c`.
    const block = /args:\n\s*- >-\n((?:\s{14}.*\n)+)/.exec(yaml);
    expect(block).not.toBeNull();
    const command = block![1].split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    const r = spawnSync('sh', ['-c', shortened(command, 3)], { cwd: app, encoding: 'utf8', env: { ...process.env, JOB_COMPLETION_INDEX: '3' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/swarm shard 3 of 8/);
    const shard = JSON.parse(readFileSync(join(results, 'ra-n5/shard-0003.json'), 'utf8')) as { verdict: string; swarm: { shard: number; shards: number } };
    expect(shard).toMatchObject({ verdict: 'incomplete', swarm: { shard: 3, shards: 8 } });
  }, 60_000);

  it("runs the Slurm script as task 0 would, and swarm-report merges both shards and names the six missing", () => {
    const script = shortened(read('deploy/slurm/swarm.sbatch'), 3).replace(/--out-dir results\//, `--out-dir ${results}/`);
    const r = spawnSync('bash', ['-c', script], { cwd: app, encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '0' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(results, 'ra-n5/shard-0000.json'))).toBe(true);
    const m = spawnSync('npx', ['interleave', 'swarm-report', join(results, 'ra-n5'), '--json'], { cwd: app, encoding: 'utf8' });
    expect(m.status).toBe(152);
    expect(JSON.parse(m.stdout)).toMatchObject({ model: 'ricart-agrawala', verdict: 'incomplete', shards: 8, shardsReported: 2, missing: [1, 2, 4, 5, 6, 7] });
  }, 60_000);
});
