// The worker thread of the interactive explorer's "find from here": TypeScript loads through tsx
// (a worker does not inherit the hooks its parent registered), then the search runs (search.ts).
const { register } = await import('tsx/esm/api');
register();
await import('./search.ts');
