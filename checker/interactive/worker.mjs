// The worker thread of the interactive explorer's "find from here": TypeScript loads through tsx,
// and model files from any project load as ES modules with `interleave` resolvable (scope.mjs), as
// in the CLI (a worker does not inherit the hooks its parent registered); then the search runs
// (search.ts).
const { register } = await import('tsx/esm/api');
register();
(await import('node:module')).register(new URL('../cli/scope.mjs', import.meta.url));
await import('./search.ts');
