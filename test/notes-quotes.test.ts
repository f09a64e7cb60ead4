/**
 * Words attributed to the lecture notes are the notes' own, to the letter: apostrophes, dashes,
 * capitals and all. Whitespace is not compared (the notes break lines and double spaces at
 * random), a word the notes hyphenate across a line break is read joined ("round-trip"), and "…"
 * stands for words left out (each piece must be in the notes). Checked here:
 *
 * - every mutant's `// Breaks "…"` comment (a paraphrase of the rule is written without quotes:
 *   `// Breaks the rule …`);
 * - every quotation within a few words after "notes" or "slide" in the README, docs/, src/,
 *   spec/, models/ and checker/ (`the notes' "…"`, `the notes: "…"`, `as the notes say, "…"`);
 * - the first column of the README's table of the notes' claims ("claim (the notes' words)").
 *
 * The notes are read from ../shared/seed/lecture-notes.txt beside the repository (where this
 * project's machines keep them) or from $INTERLEAVE_NOTES; without them the test is skipped and
 * says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NOTES_PATH = process.env.INTERLEAVE_NOTES ?? join(ROOT, '../shared/seed/lecture-notes.txt');
const haveNotes = existsSync(NOTES_PATH);

/** Line breaks and runs of spaces read as one space; a word hyphenated across a line break is joined. */
export const flatten = (text: string): string => text.replace(/-[ \t]*\r?\n\s*/g, '-').replace(/\s+/g, ' ');

/** The pieces of a quotation ("…" marks words left out) that the notes lack. */
export function notInNotes(quote: string, notes: string): string[] {
  return flatten(quote)
    .split(/…|\.\.\./)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !notes.includes(p));
}

/** The text of a source file's comments, comment markers removed. */
function commentsOf(text: string): string {
  return [...text.matchAll(/\/\*([\s\S]*?)\*\/|\/\/(.*)/g)].map((m) => (m[1] ?? m[2]).replace(/^[ \t]*\*[ \t]?/gm, '')).join('\n');
}

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );
}

interface Quote {
  readonly where: string;
  readonly text: string;
}

/** Quotations attributed to the notes in a text (prose or comments). */
export function attributed(text: string, where: string): Quote[] {
  const flat = flatten(text);
  const out: Quote[] = [];
  // "notes" or "slide(s)", then at most 40 characters of the same sentence and parenthesis, then
  // a quotation, which starts with a word (not the `"):` after a closed one).
  // Quotations that follow it, joined by a comma, a semicolon, a colon, "and" or "or", are the
  // notes' too (`the notes, "A": "B"; "C"`).
  for (const m of flat.matchAll(/\b(?:notes|slides?)(?:['’]s?)?(?![\p{L}])[^".“”()\n]{0,40}?\(?["“]([\p{L}\p{N}…(‘'][^"”]{1,400})["”]/gu)) {
    out.push({ where, text: m[1] });
    let rest = flat.slice(m.index + m[0].length);
    for (let next = /^\s*(?:[;:,]|and|or)\s*["“]([^"”]{1,400})["”]/.exec(rest); next; next = /^\s*(?:[;:,]|and|or)\s*["“]([^"”]{1,400})["”]/.exec(rest)) {
      out.push({ where, text: next[1] });
      rest = rest.slice(next[0].length);
    }
  }
  return out;
}

/** `// Breaks "…"` in a mutant's source: the rule it breaks, in the notes' words. */
export function breaksQuotes(text: string, where: string): Quote[] {
  return [...flatten(commentsOf(text)).matchAll(/Breaks ["“]([^"”]+)["”]/g)].map((m) => ({ where, text: m[1] }));
}

/** The first column of the README's claims table, after its header "claim (the notes' words)". */
export function claimsTableQuotes(readme: string): Quote[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^\| claim \(the notes['’] words\) \|/.test(l));
  const out: Quote[] = [];
  for (let i = start + 2; start >= 0 && i < lines.length && lines[i].startsWith('|'); i++) {
    const cell = lines[i].split('|')[1];
    for (const m of cell.matchAll(/["“]([^"”]+)["”]/g)) out.push({ where: `README.md:${i + 1}`, text: m[1] });
  }
  return out;
}

/** Quotations of three words or more inside the models' descriptions (`description: '… "…" …'`): the notes' (a shorter one may be a value, "prepared"). */
export function descriptionQuotes(text: string, where: string): Quote[] {
  const out: Quote[] = [];
  for (const d of text.matchAll(/description:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`]*)`)/g)) {
    const body = (d[1] ?? d[2] ?? d[3]).replace(/\\(.)/g, '$1');
    for (const m of body.matchAll(/["“]([^"”]{2,400})["”]/g)) if (m[1].trim().split(/\s+/).length >= 3) out.push({ where, text: m[1] });
  }
  return out;
}

function allQuotes(): Quote[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const sources = ['src', 'spec', 'models', 'checker'].flatMap((d) => filesUnder(d, /\.ts$/));
  const docs = filesUnder('docs', /\.md$/);
  return [
    ...attributed(readme, 'README.md'),
    ...claimsTableQuotes(readme),
    ...docs.flatMap((f) => attributed(readFileSync(join(ROOT, f), 'utf8'), f)),
    ...sources.flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return [...attributed(commentsOf(text), f), ...breaksQuotes(text, f), ...(f.startsWith('models') ? descriptionQuotes(text, f) : [])];
    }),
  ];
}

describe("words attributed to the lecture notes are the notes' own", () => {
  it('finds quotations where they are written (the extraction itself)', () => {
    const notes = flatten('• Stops recording Cik, and saves alongside local snapshot\n• lock acquire takes one round-\ntrip, and release is ‘free’');
    expect(attributed('as the notes say, "Stops recording Cik" and', 'x').map((q) => q.text)).toEqual(['Stops recording Cik']);
    expect(attributed('The notes, "A b": "C d"; "E" and "F" (not "G")', 'x').map((q) => q.text)).toEqual(['A b', 'C d', 'E', 'F']);
    expect(breaksQuotes('  // Breaks "stops recording Cik": it records for ever', 'x').map((q) => q.text)).toEqual(['stops recording Cik']);
    expect(notInNotes('Stops recording Cik … saves alongside', notes)).toEqual([]);
    expect(notInNotes('stops recording Cik', notes)).toEqual(['stops recording Cik']);
    expect(notInNotes("release is 'free'", notes)).toEqual(["release is 'free'"]);
    expect(notInNotes('lock acquire takes one round-trip', notes)).toEqual([]);
    expect(descriptionQuotes(`description: 'Broken: not "waits for OK", see "a b c", "value"',\n  other: "y z w"`, 'x').map((q) => q.text)).toEqual(['waits for OK', 'a b c']);
    expect(attributed('the notes\' reason for it ("Insufficient on its own")', 'x').map((q) => q.text)).toEqual(['Insufficient on its own']);
    expect(claimsTableQuotes("| claim (the notes' words) | c |\n|---|---|\n| ring: \"a b\" and \"c\" | x \"not\" |\n\nafter").map((q) => q.text)).toEqual(['a b', 'c']);
  });

  it.skipIf(!haveNotes)(`every quotation is verbatim (notes at ${NOTES_PATH})`, () => {
    const notes = flatten(readFileSync(NOTES_PATH, 'utf8'));
    const quotes = allQuotes();
    // The extraction finds the project's quotations, not none.
    expect(quotes.length).toBeGreaterThan(40);
    const wrong = quotes.flatMap((q) => notInNotes(q.text, notes).map((piece) => `${q.where}: "${piece}"`));
    expect(wrong).toEqual([]);
  });

  it.runIf(!haveNotes)('is skipped: the lecture notes are not at ../shared/seed/lecture-notes.txt and INTERLEAVE_NOTES is not set', () => {
    expect(haveNotes).toBe(false);
  });
});
