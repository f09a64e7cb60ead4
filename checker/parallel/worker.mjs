// A worker thread of the parallel search (checker/parallel/): TypeScript loads through tsx (a
// worker does not inherit the hooks its parent registered), then the worker's loop runs (worker.ts).
const t0 = Date.now();
const { register } = await import('tsx/esm/api');
register();
// As in bin.mjs: a model file from any project loads as an ES module, `interleave` resolvable.
(await import('node:module')).register(new URL('../cli/scope.mjs', import.meta.url));
if (process.env.INTERLEAVE_PARALLEL_DEBUG) console.error(`parallel: worker thread began at ${t0 % 100000} ms, TypeScript loader ready at ${Date.now() % 100000} ms`);
await import('./worker.ts');
