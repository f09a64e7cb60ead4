/**
 * The manifest of pinned facts (models/manifest.json, schema spec/schema/manifest.schema.json):
 * for every bundled model, what checking it gives at its defaults and at further pinned
 * parameters. It is the one place these numbers live: `npm run check`, the tests, the benchmark
 * and the README's tables all read it. A bundled model file declares what it builds with
 * `bundledModel({...})`, which takes its `expect` and `pinned` from here by name; a user's model
 * file still uses `defineModel` with its `expect` inline.
 */
import { readFileSync } from 'node:fs';
import { defineModel, type Expectation, type ModelDefinition, type Pinned } from 'interleave';

/** One model's entry. */
export interface ManifestEntry {
  readonly expect: Expectation;
  readonly pinned?: readonly Pinned<Record<string, number>>[];
}

export interface Manifest {
  readonly $schema?: string;
  readonly models: Readonly<Record<string, ManifestEntry>>;
}

/** Where the manifest is. */
export const MANIFEST_FILE = new URL('./manifest.json', import.meta.url);

/** The manifest as committed. */
export const manifest: Manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;

/** The facts pinned for `name`; an error naming it if the manifest has none. */
export function factsOf(name: string): ManifestEntry {
  const e = manifest.models[name];
  if (!e) throw new Error(`models/manifest.json has no entry for model '${name}' (add its expect there)`);
  return e;
}

/** A bundled model: the definition minus its facts, which come from the manifest. */
export function bundledModel<P extends Record<string, number>>(def: Omit<ModelDefinition<P>, 'expect' | 'pinned'>): ModelDefinition<P> {
  const { expect, pinned } = factsOf(def.name);
  return defineModel<P>({ ...def, expect, ...(pinned ? { pinned: pinned as readonly Pinned<P>[] } : {}) });
}

/**
 * The distinct states pinned for `name` at `params` (as written in the manifest), or at its
 * defaults when `params` is omitted; an error naming what is missing if none is pinned.
 */
export function pinnedStates(name: string, params?: Readonly<Record<string, number>>, reductions: readonly ('symmetry' | 'symmetry-sort' | 'por')[] = []): number {
  const e = factsOf(name);
  if (!params) {
    if (e.expect.distinctStates === undefined) throw new Error(`models/manifest.json pins no state count for ${name} at its defaults`);
    return e.expect.distinctStates;
  }
  const same = (a: Readonly<Record<string, number>>) => Object.keys(a).length === Object.keys(params).length && Object.entries(params).every(([k, v]) => a[k] === v);
  // A count pinned under a reduction is another count (see `reductions`).
  const p = (e.pinned ?? []).find((x) => same(x.params as Record<string, number>) && (x.reductions ?? []).join() === reductions.join());
  if (!p) throw new Error(`models/manifest.json pins no state count for ${name} at ${JSON.stringify(params)}${reductions.length ? ` with ${reductions.join(', ')}` : ''}`);
  return p.distinctStates;
}
