import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecisionTrees, PathConflict } from '../../checker/decisions.ts';

/**
 * A random pure function of a vector, as a decision tree: read a slot, then per value branch
 * (values beyond the branches given fall into the last), down to a result. Running it records
 * the slots it read, in order, as the action models' tracking does.
 */
type Fn = { readonly read: number; readonly branches: readonly Fn[] } | { readonly result: number };
const fnArb = (slots: number): fc.Arbitrary<Fn> =>
  fc.letrec<{ fn: Fn }>((tie) => ({
    fn: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ result: fc.nat(1000) }),
      fc.record({ read: fc.nat(slots - 1), branches: fc.array(tie('fn'), { minLength: 1, maxLength: 4 }) }),
    ),
  })).fn;
function run(f: Fn, v: Int32Array, path: number[]): number {
  if ('result' in f) return f.result;
  if (!path.includes(f.read)) path.push(f.read);
  return run(f.branches[Math.min(v[f.read], f.branches.length - 1)], v, path);
}

describe('DecisionTrees', () => {
  it('knows a result on every state that agrees on the slots read, and nothing else', () => {
    const t = new DecisionTrees<string>(1);
    const v = Int32Array.of(1, 2, 3);
    expect(t.find(0, v)).toBe(-1);
    const leaf = t.insert(0, v, [2, 0], 'r');
    expect(t.leaves[leaf]).toBe('r');
    expect(t.find(0, v)).toBe(leaf);
    expect(t.find(0, Int32Array.of(1, 99, 3))).toBe(leaf); // slot 1 was not read
    expect(t.find(0, Int32Array.of(1, 2, 4))).toBe(-1); // slot 2 differs
    expect(t.find(0, Int32Array.of(0, 2, 3))).toBe(-1); // slot 0 differs
    expect(t.rootSlot(0)).toBe(2);
    expect(t.afterRoot(0, 3)).toBe(-2); // an inner node (reads slot 0 next)
    expect(t.afterRoot(0, 4)).toBe(-1);
  });

  it('keeps trees apart, and a function that reads nothing is a leaf at the root', () => {
    const t = new DecisionTrees<number>(2);
    const a = t.insert(0, Int32Array.of(5), [], 7);
    expect(t.find(0, Int32Array.of(123))).toBe(a);
    expect(t.find(1, Int32Array.of(5))).toBe(-1);
    expect(t.rootSlot(0)).toBe(-1);
    expect(t.nodes).toBe(0);
  });

  it('throws PathConflict when a path disagrees with what the tree knows (a function that is not deterministic)', () => {
    const t = new DecisionTrees<string>(1);
    const v = Int32Array.of(0, 0);
    t.insert(0, v, [0], 'a');
    expect(() => t.insert(0, v, [1], 'b')).toThrow(PathConflict);
    expect(() => t.insert(0, v, [0, 1], 'b')).toThrow(PathConflict); // the tree ends (a result) where the path reads on
    t.insert(0, Int32Array.of(1, 0), [0, 1], 'c');
    try {
      t.insert(0, Int32Array.of(1, 0), [0], 'd'); // the path ends where the tree reads slot 1
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PathConflict);
      expect(e).toMatchObject({ at: 1, known: 1, found: -1 });
    }
  });

  it('branches on values far apart (sparse), and on many values of one slot (dense), without losing one', () => {
    const t = new DecisionTrees<number>(1);
    const xs = [0, 1_000_000, 3, 70_000, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 1];
    for (const x of xs) t.insert(0, Int32Array.of(x), [0], x * 10);
    for (const x of xs) expect(t.leaves[t.find(0, Int32Array.of(x))]).toBe(x * 10);
    expect(t.find(0, Int32Array.of(13))).toBe(-1);
    expect(t.find(0, Int32Array.of(999_999))).toBe(-1);
    // A node that sees few values of a slot with millions does not hold a run of a million entries.
    expect(t.bytes).toBeLessThan(1 << 16);
  });

  it('memoises any pure function exactly: the tree answers what the function computes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fnArb(4), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.nat(5), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 60 }),
        (fns, states) => {
          const t = new DecisionTrees<number>(fns.length);
          let calls = 0;
          const seen = fns.map(() => new Set<string>());
          for (const s of states) {
            const v = Int32Array.from(s);
            fns.forEach((f, i) => {
              let leaf = t.find(i, v);
              const path: number[] = [];
              const direct = run(f, v, path);
              if (leaf < 0) {
                calls++;
                // A miss happens only on values of the slots read not seen together before.
                const key = path.map((slot) => `${slot}=${v[slot]}`).join(',');
                expect(seen[i].has(key)).toBe(false);
                seen[i].add(key);
                leaf = t.insert(i, v, path, direct);
              }
              expect(t.leaves[leaf]).toBe(direct);
            });
          }
          expect(t.leaves.length).toBe(calls);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('a copy made from a snapshot (cloned, as postMessage does) knows what the original knew, and goes on apart from it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fnArb(4), { minLength: 1, maxLength: 3 }),
        // Some values far apart, so that sparse branches are copied too.
        fc.array(fc.array(fc.oneof(fc.nat(5), fc.constantFrom(1000, 70000)), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 60 }),
        fc.nat(60),
        (fns, states, cut) => {
          const vs = states.map((s) => Int32Array.from(s));
          const memoise = (t: DecisionTrees<number>, v: Int32Array, i: number): number => {
            const path: number[] = [];
            const direct = run(fns[i], v, path);
            let leaf = t.find(i, v);
            if (leaf < 0) leaf = t.insert(i, v, path, direct);
            expect(t.leaves[leaf]).toBe(direct);
            return leaf;
          };
          const original = new DecisionTrees<number>(fns.length);
          for (const v of vs.slice(0, cut)) fns.forEach((_, i) => memoise(original, v, i));
          const copy = DecisionTrees.from(structuredClone(original.snapshot()));
          expect(copy.nodes).toBe(original.nodes);
          expect(copy.leaves).toEqual(original.leaves);
          // The same answers, misses included, on every state.
          for (const v of vs) fns.forEach((_, i) => expect(copy.find(i, v)).toBe(original.find(i, v)));
          // The copy learns the rest alone: the original does not change.
          const known = original.leaves.length;
          const nodes = original.nodes;
          for (const v of vs) fns.forEach((_, i) => memoise(copy, v, i));
          expect(original.leaves.length).toBe(known);
          expect(original.nodes).toBe(nodes);
          for (const v of vs) fns.forEach((f, i) => expect(copy.leaves[copy.find(i, v)]).toBe(run(f, v, [])));
        },
      ),
      { numRuns: 300 },
    );
  });
});
