/**
 * The reductions by name, as reports (`reductions`) and the manifest's pins give them, and the
 * search options and command-line flags each name stands for.
 */
export type ReductionName = 'symmetry' | 'symmetry-sort' | 'por';

/** The options of `explore` that run these reductions. */
export function reductionOptions(names: readonly string[] = []): { symmetry: false | 'exact' | 'sort'; por: boolean } {
  return { symmetry: names.includes('symmetry') ? 'exact' : names.includes('symmetry-sort') ? 'sort' : false, por: names.includes('por') };
}

/** The flags of `interleave check` that run these reductions (`--symmetry sort --por`). */
export function reductionFlags(names: readonly string[] = []): string[] {
  return names.map((n) => (n === 'symmetry-sort' ? '--symmetry sort' : `--${n}`));
}
