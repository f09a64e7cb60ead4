import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FingerprintTable, derived, fingerprint, lanesOf, withDelta } from '../../checker/fingerprint.ts';

/** murmur3's fmix32: a bijection on 32-bit integers, so distinct inputs give distinct outputs. */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

describe('FingerprintTable', () => {
  it('add returns true the first time and false afterwards', () => {
    const t = new FingerprintTable();
    expect(t.size).toBe(0);
    expect(t.add(1, 2)).toBe(true);
    expect(t.add(1, 2)).toBe(false);
    expect(t.add(1, 2)).toBe(false);
    expect(t.size).toBe(1);
    // Same halves swapped, or one half shared, are different fingerprints.
    expect(t.add(2, 1)).toBe(true);
    expect(t.add(1, 3)).toBe(true);
    expect(t.add(7, 2)).toBe(true);
    expect(t.size).toBe(4);
  });

  it('has reports exactly what was added', () => {
    const t = new FingerprintTable();
    expect(t.has(5, 6)).toBe(false);
    t.add(5, 6);
    expect(t.has(5, 6)).toBe(true);
    expect(t.has(6, 5)).toBe(false);
    expect(t.has(5, 7)).toBe(false);
    expect(t.has(0xffffffff, 0xffffffff)).toBe(false);
    t.add(0xffffffff, 0xffffffff);
    expect(t.has(0xffffffff, 0xffffffff)).toBe(true);
    expect(t.size).toBe(2);
  });

  it('handles the (0,0) fingerprint, which is also the empty-slot marker', () => {
    const t = new FingerprintTable(1024);
    expect(t.has(0, 0)).toBe(false);
    expect(t.add(0, 0)).toBe(true);
    expect(t.has(0, 0)).toBe(true);
    expect(t.add(0, 0)).toBe(false);
    expect(t.size).toBe(1);
    // Still there after the table has grown several times.
    for (let i = 1; i <= 5000; i++) t.add(fmix32(i), i);
    expect(t.capacity).toBeGreaterThan(1024);
    expect(t.has(0, 0)).toBe(true);
    expect(t.add(0, 0)).toBe(false);
    expect(t.size).toBe(5001);
  });

  it('rounds the initial capacity up to a power of two, at least 1024', () => {
    expect(new FingerprintTable(1).capacity).toBe(1024);
    expect(new FingerprintTable(3000).capacity).toBe(4096);
    expect(new FingerprintTable(3000).bytes).toBe(4096 * 8);
  });

  it('grows past a few million entries without losing one', () => {
    const N = 3_000_000;
    const t = new FingerprintTable(1024);
    // hi = fmix32(i) is distinct for distinct i, so every pair is distinct.
    for (let i = 0; i < N; i++) {
      if (!t.add(fmix32(i), fmix32(i ^ 0x5bd1e995))) throw new Error(`add ${i} returned false on first insertion`);
    }
    expect(t.size).toBe(N);
    expect(t.capacity).toBeGreaterThanOrEqual(N / 0.75);
    let missing = 0;
    let readded = 0;
    for (let i = 0; i < N; i++) {
      const hi = fmix32(i);
      const lo = fmix32(i ^ 0x5bd1e995);
      if (!t.has(hi, lo)) missing++;
      if (t.add(hi, lo)) readded++;
    }
    expect(missing).toBe(0);
    expect(readded).toBe(0);
    expect(t.size).toBe(N);
    // Something never added is not found.
    let falsePositives = 0;
    for (let i = N; i < N + 10_000; i++) if (t.has(fmix32(i), fmix32(i ^ 0x5bd1e995))) falsePositives++;
    expect(falsePositives).toBe(0);
  }, 30_000);
});

describe('fingerprint', () => {
  const fp = (v: Int32Array, width = v.length): [number, number] => {
    const out = new Uint32Array(2);
    fingerprint(v, width, out);
    return [out[0], out[1]];
  };

  it('is a function of the vector: equal vectors, equal fingerprints', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), (xs) => {
        expect(fp(Int32Array.from(xs))).toEqual(fp(Int32Array.from(xs)));
      }),
    );
  });

  it('differs for vectors differing in one position (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.integer(),
        (xs, pos, other) => {
          const a = Int32Array.from(xs);
          const i = pos % a.length;
          fc.pre(a[i] !== (other | 0));
          const b = a.slice();
          b[i] = other;
          const [ah, al] = fp(a);
          const [bh, bl] = fp(b);
          expect(ah === bh && al === bl).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('differs for every single-position change of small values, exhaustively (width 3, values 0..7)', () => {
    const seen = new Map<string, string>();
    for (let a = 0; a < 8; a++)
      for (let b = 0; b < 8; b++)
        for (let c = 0; c < 8; c++) {
          const key = fp(Int32Array.of(a, b, c)).join(':');
          expect(seen.get(key)).toBeUndefined();
          seen.set(key, `${a},${b},${c}`);
        }
    expect(seen.size).toBe(512);
  });

  it('depends on the width: only v[0..width) counts, and a longer prefix is a different vector', () => {
    const v = Int32Array.of(1, 2, 3, 4);
    expect(fp(v, 2)).toEqual(fp(Int32Array.of(1, 2, 99, 99), 2));
    expect(fp(v, 3)).not.toEqual(fp(v, 2));
    // [0] and [0, 0] are different states.
    expect(fp(Int32Array.of(0), 1)).not.toEqual(fp(Int32Array.of(0, 0), 2));
  });

  it('writes unsigned 32-bit halves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 6 }), (xs) => {
        for (const h of fp(Int32Array.from(xs))) {
          expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
        }
      }),
    );
  });
});

describe('fingerprints derived from the parent', () => {
  const lanes = (v: Int32Array): [number, number] => {
    const out = new Int32Array(2);
    lanesOf(v, v.length, out);
    return [out[0], out[1]];
  };

  it('derived and withDelta give the lanes of the successor, and count the slots that changed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })), { maxLength: 4 }),
        (xs, writes) => {
          const parent = Int32Array.from(xs);
          const succ = parent.slice();
          const assigned = new Map<number, number>();
          for (const [i, x] of writes) assigned.set(i % parent.length, x);
          for (const [i, x] of assigned) succ[i] = x;
          const delta = Int32Array.from([...assigned].flat());
          const [p1, p2] = lanes(parent);
          const changed = [...assigned].filter(([i, x]) => parent[i] !== x).length;
          const out = new Int32Array(2);
          expect(derived(succ, parent, parent.length, p1, p2, out)).toBe(changed);
          expect([out[0], out[1]]).toEqual(lanes(succ));
          out.fill(0);
          expect(withDelta(delta, parent, p1, p2, out)).toBe(changed);
          expect([out[0], out[1]]).toEqual(lanes(succ));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the table finds through addLanes what add stored, signed or unsigned', () => {
    const t = new FingerprintTable();
    expect(t.add(0xfffffffe, 7)).toBe(true);
    expect(t.addLanes(Int32Array.of(-2, 7))).toBe(false);
    expect(t.hasLanes(Int32Array.of(-2, 7))).toBe(true);
    expect(t.has(-2, 7)).toBe(true);
  });
});
