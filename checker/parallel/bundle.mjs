// The CLI's and the worker threads' code as plain JavaScript (plain JS itself, so a worker loads it without tsx).
//
// A worker thread of the parallel search used to load the checker, the CLI and the model through
// tsx, as the main thread does: its own loader thread, its own module resolution, and keepNames
// wrappers in the hot code. That cost each worker about 1.5 s of CPU (and of wall time) before it
// could search, on a search of a few seconds. Instead the worker imports one esbuild bundle of the
// CLI's `load` (checker/cli/main.ts), the bundled models' registry and the model files named on the
// command line, built once and kept in node_modules/.cache/interleave/ (or the system's temporary
// folder when that is not writable).
//
// A bundle can never be stale: it is used only when the digest of every file it was built from
// (their contents exactly as esbuild was given them, read by the plugin below), of the modules and
// folders an import could find instead beside them, and of the package.json, tsconfig.json and
// node_modules packages in every folder above them equals the digest recorded when it was built;
// otherwise it is built again. Any failure (no esbuild, a model esbuild cannot bundle, a read-only
// disk) returns undefined, and the code loads through tsx as before. `check <bundled model>` runs
// the main thread from the same bundle too (bin.mjs). INTERLEAVE_WORKER_BUNDLE=0 turns it off.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** True for a file of a package some file uses (under a node_modules folder), not of this package (which may be installed under one) or the user's. */
function inDependency(file) {
  const rel = relative(ROOT, file);
  const below = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return (below ? rel : file).split(/[\\/]/).includes('node_modules');
}
/** Bumped when what a bundle holds changes shape (the entry, the plugin). */
const FORMAT = 4;
/** The modules every bundle carries: the CLI's `load` and the bundled models' registry. */
export const MAIN = pathToFileURL(join(ROOT, 'checker/cli/main.ts')).href;
export const REGISTRY = pathToFileURL(join(ROOT, 'models/index.ts')).href;
const MODULES = pathToFileURL(join(ROOT, 'checker/parallel/modules.ts')).href;
const WORKER = join(ROOT, 'checker/parallel/worker.ts');
const POOL = join(ROOT, 'checker/parallel/pool.ts');
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json' };

export function enabled() {
  return process.env.INTERLEAVE_WORKER_BUNDLE !== '0';
}

/** A model file given on a command line (as main.ts's `load` reads it), absolute; undefined for a model name. */
export function modelFile(target) {
  if (!(target.includes('/') || target.includes('\\') || /\.[cm]?[jt]s$/.test(target))) return undefined;
  return resolve(target);
}

// esbuild is tsx's dependency: resolved from tsx's folder (hoisted or not). Its version (in the key)
// is read from its package.json; the module itself is loaded only to build.
const esbuildRequire = () => createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
const esbuildVersion = () => JSON.parse(readFileSync(esbuildRequire().resolve('esbuild/package.json'), 'utf8')).version;

function cacheDir() {
  const candidates = [join(ROOT, 'node_modules', '.cache', 'interleave'), join(tmpdir(), `interleave-cache-${process.getuid?.() ?? 'user'}`)];
  for (const dir of candidates) {
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, `.probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
      writeFileSync(probe, '');
      rmSync(probe);
      return dir;
    } catch {
      // next
    }
  }
  return undefined;
}

/** The bundle's key: what it was asked to hold, and with which tools and which version of this file it is made. */
function keyOf(files, esbuildVersion) {
  return createHash('sha256')
    .update(JSON.stringify({ FORMAT, node: process.version, esbuild: esbuildVersion, root: ROOT, files }))
    .update(readFileSync(fileURLToPath(import.meta.url))) // this file: how a bundle is made
    .digest('hex')
    .slice(0, 20);
}

/** Names in folder `d` an import could resolve to (modules and folders, not hidden), or '?'. */
function importable(d) {
  try {
    return readdirSync(d, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink() || LOADERS[extname(e.name)] !== undefined))
      .map((e) => e.name)
      .sort()
      .join('/');
  } catch {
    return '?';
  }
}

/**
 * The digest of the inputs as they are now (undefined if one is missing): their contents; what an
 * import could resolve to instead in the folders that hold them (a module or folder added there);
 * for every folder above them, its package.json and tsconfig.json and the packages in its node_modules.
 */
function digestOf(inputs, contents) {
  const h = createHash('sha256');
  const holders = new Set();
  const above = new Set();
  for (const file of inputs) {
    const text = contents?.get(file) ?? readOrUndefined(file);
    if (text === undefined) return undefined;
    h.update(`F${file}\0${text.length}\0`).update(text);
    holders.add(dirname(file));
    for (let d = dirname(file); ; d = dirname(d)) {
      above.add(d);
      if (dirname(d) === d) break;
    }
  }
  for (const d of [...holders].sort()) h.update(`D${d}\0${importable(d)}\0`);
  for (const d of [...above].sort()) {
    h.update(`N${d}\0${existsSync(join(d, 'node_modules')) ? importable(join(d, 'node_modules')) : '-'}\0`);
    for (const name of ['package.json', 'tsconfig.json']) {
      const text = readOrUndefined(join(d, name));
      h.update(`C${d}/${name}\0${text === undefined ? '-' : `${text.length}\0`}`);
      if (text !== undefined) h.update(text);
    }
  }
  return h.digest('hex');
}

function readOrUndefined(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The bundle for `files` (absolute model files; [] for the bundled models): the URLs of its entries
 * (main: the CLI, with the modules it provides, see modules.ts; pool: the worker pool; worker: the
 * worker's loop). Builds it when missing or stale and `build` is true; undefined when there is none.
 */
export async function workerBundle(files, { build = true } = {}) {
  if (!enabled()) return undefined;
  const sorted = [...new Set(files)].sort();
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const key = keyOf(sorted, esbuildVersion());
  const manifestFile = join(dir, `${key}.json`);
  const current = readManifest(manifestFile);
  if (current !== undefined && digestOf(current.inputs) === current.digest && existsSync(join(dir, current.out, 'worker.js'))) return urls(join(dir, current.out));
  if (!build) return undefined;
  return await buildBundle(esbuildRequire()('esbuild'), dir, key, manifestFile, sorted);
}

function urls(folder) {
  const url = (name) => pathToFileURL(join(folder, `${name}.js`)).href;
  return { main: url('main'), pool: url('pool'), worker: url('worker') };
}

function readManifest(file) {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(m.inputs) && typeof m.digest === 'string' && typeof m.out === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

async function buildBundle(esbuild, dir, key, manifestFile, files) {
  const modules = [MAIN, REGISTRY, ...files.map((f) => pathToFileURL(f).href)];
  const path = (url) => JSON.stringify(fileURLToPath(url));
  // main.js: the modules provided (see modules.ts) and what bin.mjs runs; pool.js: the worker pool
  // alone (started before the rest loads); worker.js: the worker's loop. Shared code is in chunks.
  const entries = {
    main: [
      `import { provide } from ${path(MODULES)};`,
      ...modules.map((url, i) => `import * as m${i} from ${path(url)};\nprovide(${JSON.stringify(url)}, m${i});`),
      `export { main } from ${path(MAIN)};`,
      `export { installSignalHandlers } from ${JSON.stringify(join(ROOT, 'checker/cli/guard.ts'))};`,
      `export { prewarm } from ${JSON.stringify(POOL)};`,
    ].join('\n'),
    pool: `export { prewarm } from ${JSON.stringify(POOL)};`,
    worker: `import 'interleave-entry:main';\nawait import(${JSON.stringify(WORKER)});`,
  };
  /** The contents esbuild was given, by absolute path: what the digest is taken of. */
  const contents = new Map();
  const plugin = {
    name: 'interleave-worker',
    setup(b) {
      b.onResolve({ filter: /^interleave-entry:/ }, (args) => ({ path: args.path.slice('interleave-entry:'.length), namespace: 'interleave-entry' }));
      b.onLoad({ filter: /.*/, namespace: 'interleave-entry' }, (args) => ({ contents: entries[args.path], loader: 'js', resolveDir: ROOT }));
      // `import 'interleave'` from a model file of another project: this package (as scope.mjs does).
      b.onResolve({ filter: /^interleave$/ }, async (args) => {
        if (args.pluginData === 'retry') return undefined;
        const r = await b.resolve('interleave', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'retry' });
        return r.errors.length === 0 ? r : { path: join(ROOT, 'index.ts') };
      });
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const loader = LOADERS[extname(args.path)];
        if (loader === undefined) return { errors: [{ text: `cannot bundle ${args.path}` }] };
        const bytes = readFileSync(args.path);
        contents.set(args.path, bytes);
        let text = bytes.toString('utf8');
        // import.meta.url is the file's own URL, not the bundle's (manifest.json, the schemas are read
        // next to the sources): in this package's files and the user's, not in the packages they use.
        // (This package may itself be installed under a node_modules folder: its path below ROOT says.)
        if (loader !== 'json' && !inDependency(args.path)) text = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        return { contents: text, loader, resolveDir: dirname(args.path) };
      });
    },
  };
  const out = `${key}-${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = join(dir, `${out}.tmp`);
  try {
    const result = await esbuild.build({
      entryPoints: { main: 'interleave-entry:main', pool: 'interleave-entry:pool', worker: 'interleave-entry:worker' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      outdir: tmp,
      // The metafile's input paths are relative to this (resolved against ROOT below): not the
      // current directory, or a `check` run from any other folder could never build its bundle.
      absWorkingDir: ROOT,
      write: true,
      logLevel: 'silent',
      plugins: [plugin],
      // CommonJS dependencies (ajv) that require Node's modules.
      banner: { js: `import { createRequire as __interleaveRequire } from 'node:module'; const require = __interleaveRequire(import.meta.url);` },
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => !p.startsWith('interleave-entry:'))
      .map((p) => resolve(ROOT, p));
    for (const p of inputs) if (!contents.has(p)) throw new Error(`internal: ${p} was not read by the plugin`);
    const digest = digestOf(inputs, contents);
    if (digest === undefined) return undefined;
    renameSync(tmp, join(dir, out));
    const manifestTmp = `${manifestFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(manifestTmp, JSON.stringify({ out, digest, inputs }));
    renameSync(manifestTmp, manifestFile);
    sweep(dir);
    return urls(join(dir, out));
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return undefined;
  } finally {
    await esbuild.stop?.();
  }
}

/** Removes the bundles no manifest names any more (replaced), an hour after they were made: a process may still be loading one. */
function sweep(dir) {
  const hour = 3600 * 1000;
  const now = Date.now();
  try {
    const names = readdirSync(dir);
    const used = new Set();
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const p = join(dir, name);
      const m = readManifest(p);
      // A manifest of files that are gone (a model file in a temporary folder): it and its bundle go.
      try {
        if (m !== undefined && !m.inputs.every((f) => existsSync(f)) && now - statSync(p).mtimeMs > hour) {
          rmSync(p, { force: true });
          continue;
        }
      } catch {
        // gone already
      }
      if (m !== undefined) used.add(m.out);
    }
    for (const name of names) {
      if (name.endsWith('.json') || used.has(name)) continue;
      const p = join(dir, name);
      try {
        if (now - statSync(p).mtimeMs > hour) rmSync(p, { recursive: true, force: true });
      } catch {
        // gone already
      }
    }
  } catch {
    // nothing to sweep
  }
}
