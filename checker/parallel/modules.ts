/**
 * Modules by URL for the CLI's dynamic imports (the bundled models' registry, a model file): in a
 * worker thread that loaded the bundle of bundle.mjs, the bundle provides them (the same module
 * instances as the checker it carries); elsewhere `importModule` is `import`.
 */
const provided = new Map<string, unknown>();

export function provide(url: string, namespace: unknown): void {
  provided.set(url, namespace);
}

export function importModule(url: string): Promise<unknown> {
  return provided.has(url) ? Promise.resolve(provided.get(url)) : import(url);
}
