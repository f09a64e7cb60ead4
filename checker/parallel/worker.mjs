// A worker thread of the parallel search (checker/parallel/): the worker's loop (worker.ts) with
// the checker and the model, from a plain JavaScript bundle when the pool asked for one (see
// bundle.mjs: no TypeScript loader in the thread), otherwise through tsx (a worker does not inherit
// the hooks its parent registered).
import { workerData } from 'node:worker_threads';

const t0 = Date.now();
const debug = process.env.INTERLEAVE_PARALLEL_DEBUG;
let entry;
if (workerData.bundle !== undefined) {
  // Thread 1 builds a missing or stale bundle; the others wait for it (word 1 of the pool's control: 1 built, 2 failed).
  const ctl = new Int32Array(workerData.poolCtl);
  try {
    const { workerBundle } = await import('./bundle.mjs');
    if (workerData.index === 1) {
      try {
        entry = await workerBundle(workerData.bundle);
      } finally {
        Atomics.store(ctl, 1, entry !== undefined ? 1 : 2);
        Atomics.notify(ctl, 1);
      }
    } else {
      entry = await workerBundle(workerData.bundle, { build: false });
      if (entry === undefined) {
        while (Atomics.load(ctl, 1) === 0) Atomics.wait(ctl, 1, 0, 100);
        if (Atomics.load(ctl, 1) === 1) entry = await workerBundle(workerData.bundle, { build: false });
      }
    }
  } catch {
    entry = undefined;
    if (workerData.index === 1 && Atomics.load(ctl, 1) === 0) {
      Atomics.store(ctl, 1, 2);
      Atomics.notify(ctl, 1);
    }
  }
}
if (entry !== undefined) {
  if (debug) console.error(`parallel: worker thread began at ${t0 % 100000} ms, bundle ready at ${Date.now() % 100000} ms`);
  await import(entry.worker);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // As in bin.mjs: a model file from any project loads as an ES module, `interleave` resolvable.
  (await import('node:module')).register(new URL('../cli/scope.mjs', import.meta.url));
  if (debug) console.error(`parallel: worker thread began at ${t0 % 100000} ms, TypeScript loader ready at ${Date.now() % 100000} ms`);
  await import('./worker.ts');
}
