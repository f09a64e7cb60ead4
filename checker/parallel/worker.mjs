// A worker thread of the parallel search (checker/parallel/): TypeScript loads through tsx (a
// worker does not inherit the hooks its parent registered), then the worker's loop runs (worker.ts).
const { register } = await import('tsx/esm/api');
register();
await import('./worker.ts');
