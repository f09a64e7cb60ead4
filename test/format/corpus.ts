/** The saved counterexamples in test/corpus/, for the format and replay tests. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));

/** Every `*.trace.json` in the corpus, by model name. */
export function corpusFiles(): { name: string; file: string }[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.trace.json'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.trace.json'.length), file: `${CORPUS}${f}` }));
}
