/**
 * Symmetry reduction (`--symmetry`, `--symmetry sort`). A model declares groups of
 * interchangeable things (the processes of a role, or model values as TLA+'s
 * `SYMMETRY Permutations(RM)`); the explorer then stores each state by a representative of its
 * orbit under the group, computed from the state alone. Two representatives:
 *
 *  exact  one per orbit, so the number of distinct states is the number of orbits: the least
 *         vector over the renamings that sort the elements by their keys (`SymmetryHook.keys`:
 *         a process's local state, a resource manager's state), trying every order of the
 *         elements whose keys tie. The set of renamed states whose keys are sorted is the same
 *         for every member of an orbit, so its least member is the orbit's one representative.
 *         Without keys every renaming is tried. Only small groups are accepted (at most
 *         MAX_PERMUTATIONS renamings in all).
 *  sort   the state renamed by the one renaming that sorts the elements by their keys (a stable
 *         sort: ties keep their order), as Stateright's `RewritePlan::from_values_to_sort`.
 *         O(n log n) per state and any group size; an orbit may have several representatives
 *         (its members whose keys are sorted), so the count lies between the orbits and the
 *         states. Needs keys.
 *
 * Both are sound whatever the keys: every state is stored as a member of its own orbit, and the
 * successors of a renamed state are the renamed successors.
 *
 * A declared symmetry that is not one is looked for (checked, not proved): on the first
 * VALIDATE_STATES states expanded, then on those (at most VALIDATE_NEW_VALUES) holding a slot value
 * no checked state held, for generators of each group (a transposition and a rotation), permuting
 * the state must permute its set of successors (with which of them the constraint and the action
 * constraint admit) and its keys and leave every property, the boundary, the proper end and the
 * constraint unchanged. And every counterexample or witness found is checked on its concrete run
 * (`confirm`): a representative's violation must be the concrete state's.
 *
 * Traces found under symmetry are mapped back to concrete runs of the unreduced model
 * (`toConcrete`): the renaming from each stored state to the concrete one is carried along, and
 * each step of the reduced run is renamed by it into a step of the concrete run.
 */
import { ModelError, UsageError } from '../errors.ts';
import type { Compiled, SymmetryHook } from '../model.ts';

/** The most renamings (the product of the groups' factorials) exact canonicalisation accepts. */
export const MAX_PERMUTATIONS = 40_320;
/** Representatives remembered by exact canonicalisation (then forgotten all at once). */
const MEMO = 1 << 16;
/** States on which the declared symmetry is checked: the first ones expanded. */
export const VALIDATE_STATES = 300;
/** And then, at most this many more: those with a slot value no checked state had. */
export const VALIDATE_NEW_VALUES = 20_000;

export type SymmetryMode = 'exact' | 'sort';
/** The name a mode has in a report's `reductions` (and in the manifest's pins). */
export const reductionName = (mode: SymmetryMode): string => (mode === 'exact' ? 'symmetry' : 'symmetry-sort');

/** Every permutation of 0…k-1. */
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
const isIdentity = (p: Int32Array): boolean => p.every((x, i) => x === i);

export interface Symmetric {
  /** The model whose states are representatives. */
  readonly compiled: Compiled;
  /** `symmetry` (exact) or `symmetry-sort`. */
  readonly name: string;
  /**
   * What the search stores. `representative` (exact): the search runs over `compiled`, whose
   * states are representatives; traces go through `toConcrete`. `concrete` (sort, as
   * Stateright): the search runs over the model itself and finds a state in its table by the
   * fingerprint of its representative (two states with one representative are in one orbit);
   * the first state met of each representative is expanded, traces are concrete runs, and the
   * search calls `visit` on each state it expands.
   */
  readonly stores: 'representative' | 'concrete';
  /** Writes the representative of s into out (for a reduction that expands states itself: por). */
  canonical(s: Int32Array, out: Int32Array): void;
  /** Call on each state expanded other than by `compiled.expand` (the check of the first states). */
  visit(v: Int32Array): void;
  /** The path (initial index, then step labels) of a concrete run of the unreduced model that passes through the same orbits as `path` of the reduced one. */
  toConcrete(path: readonly number[]): number[];
  /**
   * Checks that the concrete run `path` (of the unreduced model) ends as the reduced search found:
   * in a state that violates `property` (at quiescence: with no step too), witnesses it, or is a
   * deadlock. A declared symmetry that is not one can make a representative violate what its
   * concrete state does not: a ModelError then, not a counterexample that is not one.
   */
  confirm(path: readonly number[], found: { readonly kind: 'violation' | 'witness' | 'deadlock'; readonly property?: string }): void;
}

/** The model `c` reduced by its declared symmetry. */
export function symmetric(c: Compiled, mode: SymmetryMode = 'exact'): Symmetric {
  const hook = c.symmetry as SymmetryHook | undefined;
  if (!hook || hook.groups.length === 0) {
    throw new UsageError(`--symmetry: model ${c.name} declares no symmetry (an action model or model declares \`symmetry\`, a system \`symmetric\`)`);
  }
  const keysOf = hook.keys?.bind(hook);
  if (mode === 'sort' && keysOf === undefined) {
    throw new UsageError(`--symmetry sort: model ${c.name} declares no key to sort ${hook.groups.map((g) => g.name).join(', ')} by (give its symmetry a \`key\`), use --symmetry`);
  }
  const total = hook.groups.reduce((k, g) => k * factorial(g.size), 1);
  if (mode === 'exact' && total > MAX_PERMUTATIONS) {
    throw new UsageError(`--symmetry: ${hook.groups.map((g) => `${g.name} (${g.size})`).join(', ')} give ${total.toLocaleString('en-US')} renamings; exact canonicalisation takes at most ${MAX_PERMUTATIONS.toLocaleString('en-US')} (--symmetry sort takes any number)`);
  }
  const W = c.width;
  const G = hook.groups.length;
  const sizes = hook.groups.map((g) => g.size);
  const maxSize = Math.max(...sizes);
  const bufs = Array.from({ length: G + 1 }, () => new Int32Array(W));
  const best = new Int32Array(W);
  const keyBuf = new Int32Array(maxSize);
  const order = Array.from({ length: maxSize }, (_, i) => i);
  let canonCalls = 0;
  let renamingsTried = 0;

  /** Fills order[0…size) with the elements of group g sorted by their keys in v (stable); returns the keys. */
  const sortByKeys = (v: Int32Array, g: number): Int32Array => {
    const size = sizes[g];
    (keysOf as NonNullable<typeof keysOf>)(v, g, keyBuf);
    for (let i = 0; i < size; i++) order[i] = i;
    const o = order.slice(0, size).sort((a, b) => keyBuf[a] - keyBuf[b] || a - b);
    for (let i = 0; i < size; i++) order[i] = o[i];
    return keyBuf;
  };

  // ---- exact: the renamings that sort the keys, every order of ties ----
  const allPerms = new Map<number, Int32Array[]>();
  const permsOf = (k: number): Int32Array[] => {
    let ps = allPerms.get(k);
    if (ps === undefined) allPerms.set(k, (ps = permutations(k)));
    return ps;
  };
  /**
   * Renamings of group g to try in v. Elements whose keys tie are split further into classes of
   * elements that swapping fixes v for (a transposition that leaves v as it is: renamings that
   * differ by it give the same vector, so one of them is enough); each run of tied keys is then
   * given every order of its classes (a multiset permutation). Cached by the pattern of ranks and
   * classes (the candidates depend on nothing else).
   */
  const candidateCache = Array.from({ length: G }, () => new Map<string, Int32Array[]>());
  const swapBuf = new Int32Array(W);
  const swapPerm = new Int32Array(maxSize);
  const swapFixes = (v: Int32Array, g: number, a: number, b: number): boolean => {
    for (let i = 0; i < sizes[g]; i++) swapPerm[i] = i;
    swapPerm[a] = b;
    swapPerm[b] = a;
    hook.permute(v, g, swapPerm.subarray(0, sizes[g]), swapBuf);
    renamingsTried++;
    for (let i = 0; i < W; i++) if (swapBuf[i] !== v[i]) return false;
    return true;
  };
  const candidates = (v: Int32Array, g: number): Int32Array[] => {
    const size = sizes[g];
    if (keysOf === undefined) return permsOf(size);
    const k = sortByKeys(v, g);
    const sorted = order.slice(0, size);
    // Runs of tied keys (positions [a, b) of the sorted order), each split into classes.
    const cls = new Int32Array(size); // element -> class (classes numbered in sorted order)
    const runs: { a: number; b: number; classes: number[][] }[] = [];
    let nClasses = 0;
    for (let a = 0; a < size; ) {
      let b = a + 1;
      while (b < size && k[sorted[b]] === k[sorted[a]]) b++;
      const classes: number[][] = [];
      for (let j = a; j < b; j++) {
        const e = sorted[j];
        const home = classes.find((c) => swapFixes(v, g, c[0], e));
        if (home) {
          home.push(e);
          cls[e] = cls[home[0]];
        } else {
          classes.push([e]);
          cls[e] = nClasses++;
        }
      }
      runs.push({ a, b, classes });
      a = b;
    }
    const pattern = `${sorted.join(',')}|${cls.join(',')}|${runs.map((r) => r.b).join(',')}`;
    const cache = candidateCache[g];
    let out = cache.get(pattern);
    if (out !== undefined) return out;
    out = [];
    const p = new Int32Array(size);
    const rec = (ri: number): void => {
      if (ri === runs.length) {
        out?.push(p.slice());
        return;
      }
      const { a, b, classes } = runs[ri];
      if (classes.length === 1) {
        classes[0].forEach((e, j) => (p[e] = a + j));
        return rec(ri + 1);
      }
      // Every sequence of class labels over positions a…b-1; each class's elements in their order.
      const left = classes.map((c) => c.length);
      const used = classes.map(() => 0);
      const place = (pos: number): void => {
        if (pos === b) return rec(ri + 1);
        for (let ci = 0; ci < classes.length; ci++) {
          if (left[ci] === 0) continue;
          left[ci]--;
          p[classes[ci][used[ci]++]] = pos;
          place(pos + 1);
          used[ci]--;
          left[ci]++;
        }
      };
      place(a);
    };
    rec(0);
    if (cache.size < 100_000) cache.set(pattern, out);
    return out;
  };

  /** Representatives already computed (the same successor is met from several states), up to MEMO entries. */
  const memo = new Map<string, Int32Array>();
  let memoHits = 0;
  /** Writes the representative of v into out, and (if given) the renaming of each group that made it. */
  const canonExact = (v: Int32Array, out: Int32Array, chosen?: Int32Array[]): void => {
    canonCalls++;
    const k = chosen === undefined ? key(v) : undefined;
    if (k !== undefined) {
      const m = memo.get(k);
      if (m !== undefined) {
        memoHits++;
        out.set(m);
        return;
      }
    }
    const cands = Array.from({ length: G }, (_, g) => candidates(v, g));
    const pick = new Int32Array(G);
    const bestPick = new Int32Array(G);
    let first = true;
    bufs[0].set(v);
    const rec = (g: number): void => {
      const src = bufs[g];
      if (g === G) {
        renamingsTried++;
        if (first) {
          first = false;
          best.set(src);
          bestPick.set(pick);
          return;
        }
        for (let i = 0; i < W; i++) {
          if (src[i] !== best[i]) {
            if (src[i] < best[i]) {
              best.set(src);
              bestPick.set(pick);
            }
            return;
          }
        }
        return;
      }
      const ps = cands[g];
      for (let k = 0; k < ps.length; k++) {
        pick[g] = k;
        if (isIdentity(ps[k])) bufs[g + 1].set(src);
        else hook.permute(src, g, ps[k], bufs[g + 1]);
        rec(g + 1);
      }
    };
    rec(0);
    out.set(best);
    if (chosen) for (let g = 0; g < G; g++) chosen[g] = cands[g][bestPick[g]];
    if (k !== undefined) {
      if (memo.size >= MEMO) memo.clear();
      memo.set(k, best.slice());
    }
  };

  /** The sort mode: each group renamed by the stable sort of its keys. */
  const canonSort = (v: Int32Array, out: Int32Array, chosen?: Int32Array[]): void => {
    canonCalls++;
    let cur = bufs[0];
    cur.set(v);
    for (let g = 0; g < G; g++) {
      const size = sizes[g];
      sortByKeys(cur, g);
      const p = new Int32Array(size);
      for (let j = 0; j < size; j++) p[order[j]] = j;
      if (chosen) chosen[g] = p;
      if (isIdentity(p)) continue;
      renamingsTried++;
      const next = cur === bufs[0] ? bufs[1] : bufs[0];
      hook.permute(cur, g, p, next);
      cur = next;
    }
    out.set(cur);
  };
  const canon = mode === 'exact' ? canonExact : canonSort;

  // ---- the check that the declared symmetry is one ----
  /** Per group, generators of its permutations: a transposition of the first two and a rotation. */
  const generators: { g: number; perm: Int32Array; text: string }[] = [];
  hook.groups.forEach((grp, g) => {
    if (grp.size < 2) return;
    const swap = Int32Array.from({ length: grp.size }, (_, i) => (i === 0 ? 1 : i === 1 ? 0 : i));
    generators.push({ g, perm: swap, text: `swapping ${grp.name} 0 and 1` });
    if (grp.size > 2) generators.push({ g, perm: Int32Array.from({ length: grp.size }, (_, i) => (i + 1) % grp.size), text: `rotating ${grp.name}` });
  });
  // Each successor with whether it is in the model (TLC's CONSTRAINT and ACTION_CONSTRAINT, which
  // the search evaluates on representatives: they must not tell the members of an orbit apart).
  const { constraint, actionConstraint } = c;
  const successorKeys = (v: Int32Array, rename?: { g: number; perm: Int32Array }): string[] => {
    const ks: string[] = [];
    const tmp = new Int32Array(W);
    c.expand(v, (s) => {
      const inModel = `${constraint === undefined || constraint(s) ? 1 : 0}${actionConstraint === undefined || actionConstraint(v, s) ? 1 : 0}`;
      if (rename) {
        hook.permute(s, rename.g, rename.perm, tmp);
        ks.push(`${key(tmp)}|${inModel}`);
      } else ks.push(`${key(s)}|${inModel}`);
    });
    return ks.sort();
  };
  let validated = 0;
  let lastValidated = '';
  // After the first VALIDATE_STATES, a state is checked if one of its slots holds a value no
  // checked state held there (a local state, a channel's contents, a variable's value met for the
  // first time): an asymmetry that shows only deep in the search (after a long prefix) is met
  // with the values it needs. At most VALIDATE_NEW_VALUES such states.
  const seenValues: Set<number>[] = Array.from({ length: W }, () => new Set<number>());
  let newValueChecks = 0;
  const record = (v: Int32Array): void => {
    for (let i = 0; i < W; i++) seenValues[i].add(v[i]);
  };
  const hasNewValue = (v: Int32Array): boolean => {
    for (let i = 0; i < W; i++) if (!seenValues[i].has(v[i])) return true;
    return false;
  };
  const validate = (v: Int32Array): void => {
    if (validated >= VALIDATE_STATES) {
      if (newValueChecks >= VALIDATE_NEW_VALUES || !hasNewValue(v)) return;
      newValueChecks++;
    }
    const k = key(v);
    if (k === lastValidated) return; // (visited, then expanded in full: por's cycle proviso)
    lastValidated = k;
    validated++;
    record(v);
    const pv = new Int32Array(W);
    for (const gen of generators) {
      hook.permute(v, gen.g, gen.perm, pv);
      const group = hook.groups[gen.g].name;
      const broken = (what: string): never => {
        throw new ModelError(`--symmetry: the declared symmetry of ${group} is not one: ${gen.text} ${what} (state ${JSON.stringify(c.decode(v))})`, `symmetry ${group}`);
      };
      for (const p of c.properties) if (p.holds(v) !== p.holds(pv)) broken(`changes the value of property ${p.name}`);
      if (c.within && c.within(v) !== c.within(pv)) broken('changes the boundary (within)');
      if (constraint && constraint(v) !== constraint(pv)) broken('changes the constraint');
      if (c.isEnd(v) !== c.isEnd(pv)) broken('changes whether the state is a proper end');
      if (keysOf !== undefined) {
        for (let h = 0; h < G; h++) {
          const a = new Int32Array(sizes[h]);
          const b = new Int32Array(sizes[h]);
          keysOf(v, h, a);
          keysOf(pv, h, b);
          const moved = h === gen.g ? a.some((x, i) => b[gen.perm[i]] !== x) : a.some((x, i) => b[i] !== x);
          if (moved) broken(`does not move the keys of ${hook.groups[h].name} with it (what --symmetry sorts by)`);
        }
      }
      const a = successorKeys(v, gen);
      const b = successorKeys(pv);
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) broken('does not permute the successors (the renamed state has other steps, or the constraint or action constraint tells them apart)');
    }
  };

  const cbuf = new Int32Array(W);
  // The action constraint judges a step: the stored representative and the successor the model
  // gives from it, before that successor is renamed to its own representative (renamed by another
  // permutation, the pair is no step of the model: found by an audit, a step dropped or let in).
  // The search asks for it while the successor is being emitted, with the emitted buffer.
  let stepFrom: Int32Array | undefined;
  let stepTo: Int32Array | undefined;
  let stepAdmitted = true;

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
      validate(v);
      const out = new Int32Array(W);
      c.expand(v, (s, label) => {
        if (actionConstraint !== undefined) stepAdmitted = actionConstraint(v, s);
        canon(s, out);
        stepFrom = v;
        stepTo = out;
        try {
          emit(out, label);
        } finally {
          stepFrom = stepTo = undefined;
        }
      });
    },
    actionConstraint:
      actionConstraint === undefined
        ? undefined
        : (from, to) => {
            if (from === stepFrom && to === stepTo) return stepAdmitted;
            throw new Error('internal: --symmetry asked for the action constraint of a step it is not emitting');
          },
    stats: () => ({ ...(c.stats?.() ?? {}), 'symmetry.renamings': total, 'symmetry.canonicalisations': canonCalls, 'symmetry.renamingsTried': renamingsTried, 'symmetry.memoHits': memoHits, 'symmetry.statesChecked': validated }),
  };

  // ---- traces: renamings carried along a reduced run ----
  const applyAll = (v: Int32Array, perms: readonly Int32Array[], out: Int32Array): void => {
    out.set(v);
    const tmp = new Int32Array(W);
    for (let g = 0; g < G; g++) {
      if (isIdentity(perms[g])) continue;
      tmp.set(out);
      hook.permute(tmp, g, perms[g], out);
    }
  };
  const inverse = (p: Int32Array): Int32Array => {
    const q = new Int32Array(p.length);
    for (let i = 0; i < p.length; i++) q[p[i]] = i;
    return q;
  };
  /** First q, then p. */
  const then = (q: Int32Array, p: Int32Array): Int32Array => q.map((x) => p[x]);

  const toConcrete = (path: readonly number[]): number[] => {
    let v: Int32Array | undefined;
    c.initial((s, label) => {
      if (label === path[0]) v = s.slice();
    });
    if (!v) throw new Error(`internal: initial state ${path[0]} not found`);
    // v = pi(r): r the stored state, v the concrete one.
    const r = new Int32Array(W);
    const sigma: Int32Array[] = new Array<Int32Array>(G);
    canon(v, r, sigma);
    let pi = sigma.map(inverse);
    const out = [path[0]];
    const want = new Int32Array(W);
    for (let i = 1; i < path.length; i++) {
      let raw: Int32Array | undefined;
      c.expand(r, (s, l) => {
        if (l === path[i]) raw = s.slice();
      });
      if (raw === undefined) throw new Error(`internal: step ${i} of the reduced run not found`);
      applyAll(raw, pi, want);
      const target = key(want);
      let found = -1;
      c.expand(v as Int32Array, (s, l) => {
        if (found < 0 && key(s) === target) found = l;
      });
      if (found < 0) throw new ModelError(`--symmetry: no concrete step matches step ${i} of the reduced run (the declared symmetry is not one)`, 'symmetry');
      out.push(found);
      v = want.slice();
      canon(raw, r, sigma);
      pi = pi.map((p, g) => then(inverse(sigma[g]), p));
    }
    return out;
  };

  const confirm: Symmetric['confirm'] = (path, found) => {
    let v: Int32Array | undefined;
    c.initial((s, label) => {
      if (label === path[0]) v = s.slice();
    });
    for (let i = 1; i < path.length && v !== undefined; i++) {
      let next: Int32Array | undefined;
      c.expand(v, (s, l) => {
        if (l === path[i]) next = s.slice();
      });
      v = next;
    }
    if (v === undefined) throw new ModelError('--symmetry: the run found on representatives is not a run of the model (the declared symmetry is not one)', 'symmetry');
    const end = v;
    const p = c.properties.find((x) => x.name === found.property);
    // (Only a deadlock or a quiescence violation is a state the search expanded: another end may be
    // one it does not expand, outside the boundary or the constraint, where the model's actions
    // need not be defined.)
    let steps = 0;
    if (found.kind === 'deadlock' || p?.kind === 'quiescent') c.expand(end, () => steps++);
    const as = (what: string): never => {
      throw new ModelError(`--symmetry: the declared symmetry is not one: the ${found.kind} found on representatives is not one in the model: ${what} (state ${JSON.stringify(c.decode(end))})`, 'symmetry');
    };
    if (found.kind === 'deadlock' && (steps > 0 || c.isEnd(end))) as('its last state is no deadlock');
    if (found.kind === 'violation' && p !== undefined && p.holds(end)) as(`${p.name} holds in its last state`);
    if (found.kind === 'violation' && p?.kind === 'quiescent' && steps > 0) as('its last state has steps');
    if (found.kind === 'witness' && p !== undefined && !p.holds(end)) as(`${p.name} is false in its last state`);
    // (A concrete run that ends so is a real counterexample or witness, whether the symmetry is one or not.)
  };

  return { compiled, name: reductionName(mode), stores: mode === 'exact' ? 'representative' : 'concrete', canonical: (s, out) => canon(s, out), visit: validate, toConcrete, confirm };
}
