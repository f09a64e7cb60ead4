/**
 * Regenerates the counterexample corpus: one saved trace per bundled mutant whose expectation is a
 * violation, a deadlock or a liveness violation (a lasso or a stuck path) with a pinned counterexample length (a mutant whose only failure is a
 * `sometimes` property with no witness has no counterexample to save). Each is the shortest (BFS)
 * counterexample at the mutant's default parameters. test/replay/corpus.test.ts replays them all,
 * so a protocol change that breaks or fixes a mutant is noticed; it also lists mutants with no file.
 *
 * Also writes the space-time diagram shown in the README (ricart-agrawala-no-tiebreak.svg).
 *
 *   npx tsx test/corpus/generate.ts            # every mutant
 *   npx tsx test/corpus/generate.ts NAME ...   # only these
 *   npx tsx test/corpus/generate.ts --pictures # only the README's pictures, with the current code
 */
import { fileURLToPath } from 'node:url';
import { explore, type ModelDefinition } from 'interleave';
import { resolveParams } from '../../checker/definition.ts';
import { render, writeAtomically } from '../../checker/format/index.ts';
import { models } from '../../models/index.ts';

export const CORPUS_DIR = fileURLToPath(new URL('./', import.meta.url));
/** The model whose diagram the README shows. */
export const README_MODEL = 'ricart-agrawala-no-tiebreak';

/** The mutants that must have a corpus file. */
export function corpusMutants(all: readonly ModelDefinition[] = models): ModelDefinition[] {
  return all.filter((m) => m.mutantOf !== undefined && (m.expect.verdict === 'violation' || m.expect.verdict === 'deadlock' || m.expect.verdict === 'liveness') && m.expect.traceLength !== undefined);
}

/** The corpus file of a model. */
export const corpusFile = (name: string): string => `${CORPUS_DIR}${name}.trace.json`;

/**
 * The README's other pictures: the shortest counterexample of each, as `npx interleave check
 * <model> --format svg --out test/corpus/<model>.svg` draws it (the snapshot one with its recorded
 * cut, drawn by itself).
 */
export const README_PICTURES = ['two-phase-commit-processes-crash', 'bully-unreliable-detector', 'paxos-ignore-accepted', 'primary-backup-early-reply', 'chandy-lamport-late-markers', 'ricart-agrawala-fifo'] as const;

function writePictures(): void {
  for (const name of [README_MODEL, ...README_PICTURES]) {
    const def = models.find((m) => m.name === name) as ModelDefinition;
    const params = resolveParams(def, {});
    const t = explore(def.build(params)).counterexample;
    if (!t) throw new Error(`${name}: no counterexample to draw`);
    const file = `${CORPUS_DIR}${name}.svg`;
    writeAtomically(file, render('svg', { trace: t, ref: { model: name, params }, svg: { clocks: name === README_MODEL } }));
    console.log(`${file}: ${t.steps.length} steps`);
  }
  writeHoldBackPicture();
}

function main(names: readonly string[]): void {
  if (names.length === 1 && names[0] === '--pictures') return writePictures();
  const chosen = corpusMutants().filter((m) => names.length === 0 || names.includes(m.name));
  const unknown = names.filter((n) => !chosen.some((m) => m.name === n) && n !== HOLDBACK_PICTURE.model);
  if (unknown.length) throw new Error(`not a mutant with a counterexample: ${unknown.join(', ')}`);
  for (const def of chosen) {
    const params = resolveParams(def, {});
    const report = explore(def.build(params));
    const t = report.counterexample;
    if (!t) {
      console.log(`${def.name}: verdict ${report.verdict}, no counterexample: skipped`);
      continue;
    }
    const ref = { model: def.name, params };
    writeAtomically(corpusFile(def.name), render('json', { trace: t, ref }));
    console.log(`${def.name}: ${t.kind}${t.property ? ` of ${t.property.name}` : ''}, ${t.steps.length} step${t.steps.length === 1 ? '' : 's'} (${report.distinctStates.toLocaleString('en-US')} states)`);
    if (def.name === README_MODEL) writeAtomically(`${CORPUS_DIR}${def.name}.svg`, render('svg', { trace: t, ref, svg: { clocks: true } }));
  }
  if (names.length === 0 || names.includes(HOLDBACK_PICTURE.model)) writeHoldBackPicture();
}

/** The README's second picture: causal multicast's witness of a receipt held back (hollow mark, hold-back queue, messages in flight). */
export const HOLDBACK_PICTURE = { model: 'causal-multicast', witness: 'm2 held back until m1', file: `${CORPUS_DIR}causal-multicast-held-back.svg` } as const;

/** The witnesses the README draws: the hold-back one, the notes' Ricart–Agrawala example, the repaired ring. */
export const WITNESS_PICTURES = [
  HOLDBACK_PICTURE,
  { model: 'ricart-agrawala-example', witness: 'the notes’ example', file: `${CORPUS_DIR}ricart-agrawala-example.svg` },
  { model: 'token-ring-repair', witness: 'routed around', file: `${CORPUS_DIR}token-ring-repair.svg` },
] as const;

function writeHoldBackPicture(): void {
  for (const w of WITNESS_PICTURES) {
    const def = models.find((m) => m.name === w.model) as ModelDefinition;
    const params = resolveParams(def, {});
    const t = explore(def.build(params)).witnesses[w.witness];
    writeAtomically(w.file, render('svg', { trace: t, ref: { model: def.name, params }, svg: { clocks: w === HOLDBACK_PICTURE } }));
    console.log(`${w.file}: witness for ${w.witness}, ${t.steps.length} steps`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
