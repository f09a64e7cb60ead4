#!/usr/bin/env node
// Entry point of `interleave`: loads TypeScript on the fly (tsx), so models need no build step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// On Linux, run again with glibc asked to back large allocations (the fingerprint table, the
// state columns) with transparent huge pages: one page fault per 2 MiB instead of one per 4 KiB
// (about 12 µs each on the virtual machines this was measured on), and fewer TLB misses on the
// table's random probes. Ricart–Agrawala n=3 entries=2 searched ~6% faster in 7 of 7 paired runs;
// the second start costs ~0.1 s. A GLIBC_TUNABLES already set (to anything) is left alone, other
// C libraries ignore it, and a run with Node options (--inspect, --cpu-prof…) stays in-process.
// `explore` (a server, not a search) runs here, so that signals reach it.
if (process.platform === 'linux' && process.env.GLIBC_TUNABLES === undefined && process.execArgv.length === 0 && process.argv[2] !== 'explore') {
  const again = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' },
  });
  if (again.error === undefined) {
    if (again.signal) process.kill(process.pid, again.signal);
    process.exit(again.status ?? 255);
  }
  // The second start failed: run here, without huge pages.
}

// Keep V8's young generation at its initial size. A search allocates little that dies young, and
// every fresh page of memory costs a page fault: a young generation left to grow to 16 MiB
// touched ~2,600 more pages for Ricart–Agrawala n=3 entries=2 and made that search ~7% slower
// (`npm run bench`).
setFlagsFromString('--semi-space-growth-factor=1');

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
