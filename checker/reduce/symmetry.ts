/**
 * Symmetry reduction (`--symmetry`). A model declares groups of interchangeable things (the
 * processes of a role, or model values as TLA+'s `SYMMETRY Permutations(RM)`); the explorer then
 * stores each state by a canonical representative of its orbit under the group: the
 * lexicographically least vector over every renaming (exact canonicalisation, so the number of
 * distinct states is the number of orbits). Only small groups are accepted (at most
 * MAX_PERMUTATIONS renamings in all).
 *
 * A declared symmetry that is not one is detected: on the first VALIDATE_STATES states expanded,
 * for generators of each group (a transposition and a rotation), permuting the state must permute
 * its set of successors and leave every property, the boundary and the proper end unchanged.
 *
 * Traces found under symmetry are mapped back to concrete runs of the unreduced model: re-run from
 * the initial state, choosing at each step a concrete successor whose canonical form is the next
 * state of the reduced run (`toConcrete`).
 */
import { ModelError, UsageError } from '../errors.ts';
import type { Compiled, SymmetryHook } from '../model.ts';

/** The most renamings (the product of the groups' factorials) exact canonicalisation accepts. */
export const MAX_PERMUTATIONS = 40_320;
/** States on which the declared symmetry is checked. */
export const VALIDATE_STATES = 300;

/** Every permutation of 0…k-1 (Heap's algorithm order is irrelevant; lexicographic here). */
function permutations(k: number): Int32Array[] {
  const out: Int32Array[] = [];
  const a = Int32Array.from({ length: k }, (_, i) => i);
  const rec = (i: number): void => {
    if (i === k) {
      out.push(a.slice());
      return;
    }
    for (let j = i; j < k; j++) {
      [a[i], a[j]] = [a[j], a[i]];
      rec(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
  };
  rec(0);
  return out;
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

const key = (v: Int32Array): string => v.join(',');

export interface Symmetric {
  /** The model whose states are canonical representatives. */
  readonly compiled: Compiled;
  /** The path (initial index, then step labels) of a concrete run of the unreduced model that passes through the same orbits as `path` of the reduced one. */
  toConcrete(path: readonly number[]): number[];
}

/** The model `c` reduced by its declared symmetry. */
export function symmetric(c: Compiled): Symmetric {
  const hook = c.symmetry as SymmetryHook | undefined;
  if (!hook || hook.groups.length === 0) {
    throw new UsageError(`--symmetry: model ${c.name} declares no symmetry (an action model or model declares \`symmetry\`, a system \`symmetric\`)`);
  }
  const total = hook.groups.reduce((k, g) => k * factorial(g.size), 1);
  if (total > MAX_PERMUTATIONS) {
    throw new UsageError(`--symmetry: ${hook.groups.map((g) => `${g.name} (${g.size})`).join(', ')} give ${total.toLocaleString('en-US')} renamings; exact canonicalisation takes at most ${MAX_PERMUTATIONS.toLocaleString('en-US')}`);
  }
  const W = c.width;
  const perms = hook.groups.map((g) => permutations(g.size));
  const G = hook.groups.length;
  const bufs = Array.from({ length: G + 1 }, () => new Int32Array(W));
  const best = new Int32Array(W);
  let canonCalls = 0;

  /** Writes the least renaming of v into out. */
  const canon = (v: Int32Array, out: Int32Array): void => {
    canonCalls++;
    best.set(v);
    bufs[0].set(v);
    const rec = (g: number): void => {
      const src = bufs[g];
      if (g === G) {
        for (let i = 0; i < W; i++) {
          if (src[i] !== best[i]) {
            if (src[i] < best[i]) best.set(src);
            return;
          }
        }
        return;
      }
      const ps = perms[g];
      for (let k = 0; k < ps.length; k++) {
        hook.permute(src, g, ps[k], bufs[g + 1]);
        rec(g + 1);
      }
    };
    rec(0);
    out.set(best);
  };

  // ---- the check that the declared symmetry is one ----
  /** Per group, generators of its permutations: a transposition of the first two and a rotation. */
  const generators: { g: number; perm: Int32Array; text: string }[] = [];
  hook.groups.forEach((grp, g) => {
    if (grp.size < 2) return;
    const swap = Int32Array.from({ length: grp.size }, (_, i) => (i === 0 ? 1 : i === 1 ? 0 : i));
    generators.push({ g, perm: swap, text: `swapping ${grp.name} 0 and 1` });
    if (grp.size > 2) generators.push({ g, perm: Int32Array.from({ length: grp.size }, (_, i) => (i + 1) % grp.size), text: `rotating ${grp.name}` });
  });
  const successorKeys = (v: Int32Array, rename?: { g: number; perm: Int32Array }): string[] => {
    const ks: string[] = [];
    const tmp = new Int32Array(W);
    c.expand(v, (s) => {
      if (rename) {
        hook.permute(s, rename.g, rename.perm, tmp);
        ks.push(key(tmp));
      } else ks.push(key(s));
    });
    return ks.sort();
  };
  let validated = 0;
  const validate = (v: Int32Array): void => {
    validated++;
    const pv = new Int32Array(W);
    for (const gen of generators) {
      hook.permute(v, gen.g, gen.perm, pv);
      const group = hook.groups[gen.g].name;
      const broken = (what: string): never => {
        throw new ModelError(`--symmetry: the declared symmetry of ${group} is not one: ${gen.text} ${what} (state ${JSON.stringify(c.decode(v))})`, `symmetry ${group}`);
      };
      for (const p of c.properties) if (p.holds(v) !== p.holds(pv)) broken(`changes the value of property ${p.name}`);
      if (c.within && c.within(v) !== c.within(pv)) broken('changes the boundary (within)');
      if (c.isEnd(v) !== c.isEnd(pv)) broken('changes whether the state is a proper end');
      const a = successorKeys(v, gen);
      const b = successorKeys(pv);
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) broken('does not permute the successors (the renamed state has other steps)');
    }
  };

  const cbuf = new Int32Array(W);
  const compiled: Compiled = {
    ...c,
    name: c.name,
    width: W,
    initial(emit) {
      c.initial((v, label) => {
        canon(v, cbuf);
        emit(cbuf, label);
      });
    },
    expand(v, emit) {
      if (validated < VALIDATE_STATES) validate(v);
      const out = new Int32Array(W);
      c.expand(v, (s, label) => {
        canon(s, out);
        emit(out, label);
      });
    },
    stats: () => ({ ...(c.stats?.() ?? {}), 'symmetry.renamings': total, 'symmetry.canonicalisations': canonCalls }),
  };

  const toConcrete = (path: readonly number[]): number[] => {
    let v: Int32Array | undefined;
    c.initial((s, label) => {
      if (label === path[0]) v = s.slice();
    });
    if (!v) throw new Error(`internal: initial state ${path[0]} not found`);
    let cv = new Int32Array(W);
    canon(v, cv);
    const out = [path[0]];
    for (let i = 1; i < path.length; i++) {
      let target: string | undefined;
      compiled.expand(cv, (s, l) => {
        if (l === path[i]) target = key(s);
      });
      if (target === undefined) throw new Error(`internal: step ${i} of the reduced run not found`);
      let found = -1;
      let next: Int32Array | undefined;
      const tmp = new Int32Array(W);
      c.expand(v as Int32Array, (s, l) => {
        if (found >= 0) return;
        canon(s, tmp);
        if (key(tmp) === target) {
          found = l;
          next = s.slice();
        }
      });
      if (found < 0 || !next) throw new ModelError(`--symmetry: no concrete step matches step ${i} of the reduced run (the declared symmetry is not one)`, 'symmetry');
      out.push(found);
      v = next;
      cv = Int32Array.from(target.split(',').map(Number));
    }
    return out;
  };

  return { compiled, toConcrete };
}
