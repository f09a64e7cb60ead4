/**
 * The Chromium the browser test drives: the one the `@sparticuz/chromium` package carries inside
 * it (brotli-compressed, so `npm ci` brings it and nothing is downloaded), unpacked on first use
 * into node_modules/.cache/, with the few shared libraries it needs (NSS, expat) beside it, so a
 * machine with nothing but Node runs it. `INTERLEAVE_CHROMIUM=/path/to/chromium` uses another.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Browser {
  readonly executablePath: string;
  /** The environment to start it with. */
  readonly env: Record<string, string>;
}

export async function chromiumBrowser(): Promise<Browser> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const chosen = process.env.INTERLEAVE_CHROMIUM;
  if (chosen) return { executablePath: chosen, env };
  const pkg = fileURLToPath(new URL('../../node_modules/@sparticuz/chromium/', import.meta.url));
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const cache = fileURLToPath(new URL(`../../node_modules/.cache/chromium-${version}/`, import.meta.url));
  mkdirSync(cache, { recursive: true });
  // The package unpacks into os.tmpdir(), which follows TMPDIR: pointed at our cache while it does.
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = cache;
  try {
    const { default: chromium } = (await import('@sparticuz/chromium')) as { default: { executablePath(): Promise<string> } };
    const { inflate } = (await import(pathToFileURL(join(pkg, 'build/esm/lambdafs.js')).href)) as { inflate(file: string): Promise<string> };
    const executablePath = await chromium.executablePath();
    const libs = join(await inflate(join(pkg, 'bin/al2023.tar.br')), 'lib');
    return {
      executablePath,
      env: { ...env, LD_LIBRARY_PATH: [libs, ...(env.LD_LIBRARY_PATH ? [env.LD_LIBRARY_PATH] : [])].join(':'), FONTCONFIG_PATH: fontConfig(cache) },
    };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/**
 * A fontconfig folder whose fonts.conf names the fonts the package unpacked into our cache. The
 * package's own fonts.conf names /tmp/fonts, where they are only when it unpacks into /tmp: with
 * none there (a machine just started) fontconfig found no font and the renderer of a page that
 * needs one crashed ("SkFontMgr_FontConfigInterface.cpp: Not implemented").
 */
function fontConfig(cache: string): string {
  const dir = join(cache, 'fontconfig');
  mkdirSync(dir, { recursive: true });
  const xml = (path: string) => path.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // The machine's own fonts too, where it has a fontconfig (its aliases pick a monospace font and
  // one with arrows, as a reader's browser would; the package's few fonts have no arrows).
  const conf = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${xml(join(cache, 'fonts'))}</dir>\n  <cachedir>${xml(join(cache, 'fonts-cache'))}</cachedir>\n</fontconfig>\n`;
  // Written whole and renamed: two test files may start a browser at once.
  const tmp = join(dir, `fonts.conf.${process.pid}.tmp`);
  writeFileSync(tmp, conf);
  renameSync(tmp, join(dir, 'fonts.conf'));
  return dir;
}
