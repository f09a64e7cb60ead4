import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'interleave-property-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' }, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check --property NAME (TLC\'s INVARIANT / PROPERTY lists)', () => {
  it('checks only the named properties, says which it left out, and searches in parallel when no liveness property is left', async () => {
    const all = await inProcess('check', 'fifo-multicast-lossy', '--workers', '2', '--json');
    expect(all.status).toBe(0);
    expect(JSON.parse(all.stdout).workers).toBe(1);
    expect(all.stderr).toMatch(/liveness properties \(every multicast is eventually delivered\).*searching with one worker/);
    const some = await inProcess('check', 'fifo-multicast-lossy', '--property', 'integrity', '--property', 'FIFO order', '--workers', '2', '--json');
    expect(some.status).toBe(0);
    expect(some.stderr).toBe('');
    const j = JSON.parse(some.stdout);
    expect(j.workers).toBe(2);
    expect(j.properties.map((p: { name: string }) => p.name)).toEqual(['integrity', 'FIFO order']);
    expect(j.notChecked).toEqual(['every multicast is eventually delivered', 'held back', 'all delivered']);
    expect(j.distinctStates).toBe(JSON.parse(all.stdout).distinctStates);
    expect(JSON.parse(all.stdout).notChecked).toBeUndefined();
  });

  it('changes the verdict with what it checks; a trace found so replays without it', async () => {
    expect((await inProcess('check', 'bully-waits-for-all')).status).toBe(13);
    const safe = await inProcess('check', 'bully-waits-for-all', '--property', 'one leader', '--property', 'highest live leader when settled');
    expect(safe.status).toBe(0);
    expect(safe.stdout).toContain('not checked (--property): eventually the highest live process is leader, leader known to all, re-elected after a crash');
    const out = join(TMP, 'live.trace.json');
    expect((await inProcess('check', 'bully-waits-for-all', '--property', 'eventually the highest live process is leader', '--out', out)).status).toBe(13);
    expect((await inProcess('replay', out)).status).toBe(13);
  });

  it('refuses a name the model does not have, or none, in one line (exit 151)', async () => {
    for (const args of [
      ['check', 'two-phase-commit', '--property', 'consistant'],
      ['check', 'two-phase-commit', '--property', 'consistant', '--workers', '2'],
      ['check', 'two-phase-commit', '--property', 'consistant', '--strategy', 'random', '--runs', '2'],
      ['swarm', '--local', '2', 'two-phase-commit', '--property', 'consistant', '--out', join(TMP, 'sw')],
    ]) {
      const r = await inProcess(...args);
      expect(r.status, args.join(' ')).toBe(151);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe("interleave: --property 'consistant': two-phase-commit has no property of that name (its properties: 'consistent', 'all committed', 'all aborted')");
    }
    const empty = await inProcess('check', 'two-phase-commit', '--property', ' ');
    expect(empty.status).toBe(151);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('works with every search: the same states under --symmetry (both modes) and depth-first, the counts of the search of every property', async () => {
    for (const flags of [[], ['--symmetry'], ['--symmetry', 'sort'], ['--strategy', 'dfs']]) {
      const all = await inProcess('check', 'two-phase-commit', '--param', 'rms=3', ...flags, '--json');
      const one = await inProcess('check', 'two-phase-commit', '--param', 'rms=3', ...flags, '--property', 'consistent', '--json');
      expect([one.status, one.stderr], flags.join(' ')).toEqual([0, '']);
      expect(JSON.parse(one.stdout).distinctStates, flags.join(' ')).toBe(JSON.parse(all.stdout).distinctStates);
      expect(JSON.parse(one.stdout).reductions).toEqual(JSON.parse(all.stdout).reductions);
    }
  });

  it('passes the selection to every swarm shard', () => {
    const dir = join(TMP, 'swarm');
    const r = cli('swarm', '--local', '1', 'two-phase-commit-early-commit', '--property', 'all aborted', '--out', dir, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).verdict).not.toBe('violation');
    // Without it the shards find the mutant's violation of 'consistent'.
    expect(cli('swarm', '--local', '1', 'two-phase-commit-early-commit', '--out', join(TMP, 'swarm2'), '--json').status).toBe(12);
  });
});
