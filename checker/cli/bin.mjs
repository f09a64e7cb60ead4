#!/usr/bin/env node
// Entry point of `interleave`: loads TypeScript on the fly (tsx), so models need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
