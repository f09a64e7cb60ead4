// Module hooks for `interleave check path/to/model.ts` run from any project (registered by bin.mjs
// after tsx's): a model file is an ES module (it has `export default`), so a .ts file outside
// node_modules is loaded as one even where the nearest package.json has no "type": "module"
// (there Node would load it as CommonJS, and `import … from 'interleave'` would fail with
// "Cannot require() ES Module … in a cycle"); and `interleave` resolves to this package from any
// folder, also one with its own package.json inside this repository.
const self = new URL('../../index.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    if (specifier === 'interleave') return { url: self, shortCircuit: true };
    throw e;
  }
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.tsx?$/.test(url) && !url.includes('/node_modules/')) {
    const r = await nextLoad(url, { ...context, format: 'module' });
    return { ...r, format: 'module' };
  }
  return nextLoad(url, context);
}
