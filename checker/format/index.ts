/**
 * Output formats of a trace, chosen with `--format` on `interleave check` and `interleave trace`,
 * and the atomic file write they all go through.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Checkable } from '../model.ts';
import type { Trace } from '../trace.ts';
import { stateGraph, toDot } from './dot.ts';
import { toHtml } from './html.ts';
import { itfOf } from './itf.ts';
import { toMermaid } from './mermaid.ts';
import { toShiViz } from './shiviz.ts';
import { toSvg, type SvgOptions } from './svg.ts';
import { traceFileOf, type ModelRef } from './tracefile.ts';

export const FORMATS = ['json', 'itf', 'shiviz', 'mermaid', 'svg', 'dot', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** File name endings, by format. */
export const EXTENSIONS: Readonly<Record<Format, string>> = {
  json: '.trace.json',
  itf: '.itf.json',
  shiviz: '.shiviz.log',
  mermaid: '.mmd',
  svg: '.svg',
  dot: '.dot',
  html: '.html',
};

/** Checks a `--format` value; a one-line usage error otherwise. */
export function parseFormat(raw: string): Format {
  if ((FORMATS as readonly string[]).includes(raw)) return raw as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${raw}'`);
}

/** The format a file name implies (`x.itf.json` → itf, `x.json` → json), if any. */
export function formatOfFile(file: string): Format | undefined {
  const f = file.toLowerCase();
  const order: Format[] = ['itf', 'json', 'shiviz', 'mermaid', 'svg', 'dot', 'html'];
  for (const fmt of order) if (f.endsWith(EXTENSIONS[fmt])) return fmt;
  if (f.endsWith('.json')) return 'json';
  if (f.endsWith('.log')) return 'shiviz';
  if (f.endsWith('.mermaid')) return 'mermaid';
  if (f.endsWith('.htm')) return 'html';
  if (f.endsWith('.gv')) return 'dot';
  return undefined;
}

/** A file name for a model's output: `ricart-agrawala-no-tiebreak.svg`, `user-counter-max9.trace.json`. */
export function defaultFileName(ref: ModelRef, format: Format): string {
  const base = ref.model.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'trace';
  return base + EXTENSIONS[format];
}

/** Everything a format may need. */
export interface RenderInput {
  readonly trace?: Trace;
  readonly ref: ModelRef;
  /** The model, for `dot`. */
  readonly model?: () => Checkable;
  readonly svg?: SvgOptions;
  /** Largest state graph `dot` draws. */
  readonly dotLimit?: number;
}

/** The text of a trace (or, for `dot`, of the model's state graph) in a format. */
export function render(format: Format, input: RenderInput): string {
  if (format === 'dot') {
    if (!input.model) throw new UsageError('--format dot needs the model');
    // Named, as the other formats, after the model the user ran, not the system's internal name.
    return toDot({ ...stateGraph(input.model(), input.dotLimit), name: input.ref.model }, input.trace);
  }
  if (!input.trace) throw new UsageError(`--format ${format} needs a trace`);
  // Titles name the model as the user named it (the bundled model, or the file), not the system's
  // internal name ('bank+chandy-lamport' for chandy-lamport-late-markers): the same from check and trace.
  const t = { ...input.trace, model: input.ref.model };
  switch (format) {
    case 'json':
      return JSON.stringify(traceFileOf(t, input.ref), null, 2) + '\n';
    case 'itf':
      return JSON.stringify(itfOf(traceFileOf(t, input.ref)), null, 2) + '\n';
    case 'shiviz':
      return toShiViz(t);
    case 'mermaid':
      return toMermaid(t);
    case 'svg':
      return toSvg(t, input.svg);
    case 'html':
      return toHtml(t, input.ref);
  }
}

/**
 * Writes `text` to `file` atomically: to a temporary file in the same directory, flushed, then
 * renamed over the target, so a reader never sees a half-written file. A target that exists and
 * is not a regular file (`/dev/stdout`, a named pipe, `/dev/null`) is written to in place: renaming
 * over it would replace the device or pipe with a file.
 */
export function writeAtomically(file: string, text: string): void {
  const target = statIfAny(file);
  if (target !== undefined && !target.isFile() && !target.isDirectory()) {
    writeFileSync(file, text);
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The file's status (links followed), or undefined if there is none. */
function statIfAny(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
