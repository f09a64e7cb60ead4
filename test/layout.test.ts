/**
 * The README's Layout section, enforced: imports flow one way (src ← checker ← spec ← models ←
 * test), read from every import and re-export of every TypeScript file outside test/ and
 * node_modules. `interleave` (the package's self-reference) is the root barrel, index.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ts|mts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports or re-exports (static and literal dynamic imports). */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

/** Where a specifier points: a repository path (`src/protocol.ts`), `interleave`, `node:…`, or a package name. */
function target(file: string, spec: string): string {
  if (spec.startsWith('.')) return relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/');
  return spec;
}

const top = (path: string): string => (path.includes('/') ? path.slice(0, path.indexOf('/')) : path);

/** What each folder may import from the repository (anything else there is a breach); packages and node: are checked separately. */
const MAY: Record<string, (t: string) => boolean> = {
  src: (t) => top(t) === 'src',
  checker: (t) => top(t) === 'checker' || t === 'src/protocol.ts',
  spec: (t) => ['spec', 'src', 'checker'].includes(top(t)) || t === 'interleave',
  models: (t) => ['models', 'spec', 'src', 'checker'].includes(top(t)) || t === 'interleave',
  'index.ts': (t) => ['checker', 'src'].includes(top(t)),
};

/** Packages (not node: built-ins) each folder may use. */
const PACKAGES: Record<string, readonly string[]> = { src: [], checker: ['ajv', 'tsx'], spec: ['typescript-json-schema'], models: [], 'index.ts': [] };

function breaches(): string[] {
  const out: string[] = [];
  const files = [...filesUnder('src'), ...filesUnder('checker'), ...filesUnder('spec'), ...filesUnder('models'), 'index.ts'];
  for (const file of files) {
    const folder = file === 'index.ts' ? 'index.ts' : top(file.split('\\').join('/'));
    for (const spec of specifiers(readFileSync(join(ROOT, file), 'utf8'))) {
      const t = target(file, spec);
      const inRepo = spec.startsWith('.') || t === 'interleave';
      if (inRepo) {
        if (!MAY[folder](t)) out.push(`${file} imports ${t}`);
      } else if (!spec.startsWith('node:') && !PACKAGES[folder].some((p) => spec === p || spec.startsWith(`${p}/`))) {
        out.push(`${file} imports package ${spec}`);
      }
    }
  }
  return out;
}

describe('the layout (README "Layout")', () => {
  it('no file imports against the flow src ← checker ← spec ← models ← test', () => {
    expect(breaches()).toEqual([]);
  });

  it('the check sees imports, re-exports and dynamic imports (so it could fail)', () => {
    const text = "import { a } from '../models/x.ts';\nexport * from './y.ts';\nimport type { B } from 'interleave';\nconst m = await import('../spec/z.ts');\nimport './side.ts';";
    expect(specifiers(text)).toEqual(['../models/x.ts', './y.ts', 'interleave', './side.ts', '../spec/z.ts']);
    expect(MAY.src(target('src/mutex/x.ts', '../../models/mutex/mutants.ts'))).toBe(false);
    expect(MAY.checker(target('checker/x.ts', '../src/mutex/ricart-agrawala.ts'))).toBe(false);
    expect(MAY.checker(target('checker/x.ts', '../src/protocol.ts'))).toBe(true);
    expect(MAY.spec(target('spec/x.ts', '../models/index.ts'))).toBe(false);
  });
});
