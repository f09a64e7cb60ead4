#!/usr/bin/env node
// Entry point of `interleave`: loads TypeScript on the fly (tsx), so models need no build step.
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
