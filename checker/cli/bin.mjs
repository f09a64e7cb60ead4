#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node
// Entry point of `interleave`: loads TypeScript on the fly (tsx), so models need no build step.
//
// Run as a command (`npx interleave`), the line above asks glibc to back its large allocations
// (the fingerprint table, the state columns) with transparent huge pages: one fault per 2 MiB
// instead of one per 4 KiB, and fewer TLB misses on the table's random probes. Ricart–Agrawala
// n=3 entries=2 searched ~6% faster in 7 of 7 paired runs. Elsewhere (other libcs, or `node
// checker/cli/bin.mjs`) the setting is simply absent.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// Keep V8's young generation at its initial size. A search allocates little that dies young, and
// every fresh page of memory costs a page fault (about 12 µs each on the virtual machines this was
// measured on): a young generation left to grow to 16 MiB touched ~2,600 more pages for Ricart–
// Agrawala n=3 entries=2 and made that search ~7% slower (`npm run bench`).
setFlagsFromString('--semi-space-growth-factor=1');

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
