/** Plain-data values: canonical keys, structural equality, value sets, EXCEPT, freezing, interning. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionModel, always, deepFreeze, equalData, except, explore, isValueSet, keyOf, setAdd, setHas, setOf, setRemove, type Model } from 'interleave';
import { Interner, hashOf, notPlainData } from '../../checker/values.ts';

/** Plain data: what states and messages are made of. */
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), tie('array'), tie('record')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  record: fc.dictionary(fc.constantFrom('a', 'b', 'type', 'x y'), tie('value'), { maxKeys: 3 }),
})).value;

describe('keyOf', () => {
  it('ignores the order of record keys and of Set members, and undefined-valued keys', () => {
    expect(keyOf({ a: 1, b: [2, 'x'] })).toBe(keyOf({ b: [2, 'x'], a: 1 }));
    expect(keyOf(new Set([3, 1, 2]))).toBe(keyOf(new Set([2, 3, 1])));
    expect(keyOf({ a: 1, z: undefined })).toBe(keyOf({ a: 1 }));
    expect(keyOf(-0)).toBe(keyOf(0));
  });
  it('tells apart values that differ as data', () => {
    expect(keyOf(1)).not.toBe(keyOf('1'));
    expect(keyOf([1, 2])).not.toBe(keyOf([2, 1]));
    expect(keyOf({ a: 'b,c' })).not.toBe(keyOf({ a: 'b', c: undefined, 'b,c': 1 }));
    expect(keyOf(null)).not.toBe(keyOf(undefined));
  });
  it('refuses functions (state must be plain data)', () => {
    expect(() => keyOf({ f: () => 1 })).toThrow(/plain data/);
  });
  it('is the same for a frozen value as for its unfrozen copy', () => {
    fc.assert(fc.property(data, (v) => keyOf(structuredClone(v)) === keyOf(deepFreeze(structuredClone(v)))));
  });
});

describe('equalData', () => {
  it('agrees with keyOf on random plain data', () => {
    fc.assert(fc.property(data, data, (a, b) => equalData(a, b) === (keyOf(a) === keyOf(b))));
    fc.assert(fc.property(data, (a) => equalData(a, structuredClone(a))));
  });
});

describe('value sets', () => {
  it('setAdd keeps one canonical order whatever the insertion order, without duplicates', () => {
    const xs = [{ type: 'B' }, { type: 'A', rm: 2 }, { type: 'A', rm: 1 }, { type: 'B' }];
    const forward = xs.reduce((s, x) => setAdd(s, x), setOf<object>());
    const backward = [...xs].reverse().reduce((s, x) => setAdd(s, x), setOf<object>());
    expect(keyOf(forward)).toBe(keyOf(backward));
    expect(forward).toHaveLength(3);
  });
  it('setAdd and setRemove agree with a sorted list without duplicates (fast-check), and mark their results as sets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 30 }), (ops) => {
        let s = setOf<number>();
        let ref: number[] = [];
        for (const [add, x] of ops) {
          s = add ? setAdd(s, x) : setRemove(s, x);
          ref = add ? [...new Set([...ref, x])].sort((a, b) => a - b) : ref.filter((y) => y !== x);
          expect([...s]).toEqual(ref);
          expect(isValueSet(s)).toBe(true);
        }
      }),
    );
  });
  it("a set's mark is its own and invisible as data: keys, JSON, equality and copies see an array", () => {
    const s = setAdd(setOf(2, 1), 3);
    expect(isValueSet(s)).toBe(true);
    expect(Object.keys(s)).toEqual(['0', '1', '2']);
    expect(JSON.stringify(s)).toBe('[1,2,3]');
    expect(equalData(s, [1, 2, 3])).toBe(true);
    expect(keyOf(s)).toBe(keyOf([1, 2, 3]));
    expect(hashOf(s)).toBe(hashOf([1, 2, 3]));
    for (const copy of [[...s], s.slice(), s.map((x) => x), structuredClone(s), { ...s }]) expect(isValueSet(copy)).toBe(false);
    expect(isValueSet([1, 2, 3])).toBe(false);
    expect(isValueSet({ length: 0 })).toBe(false);
  });
  it('setHas finds equal members, not only the same object', () => {
    const s = setOf({ type: 'Commit' }, { type: 'Prepared', rm: 1 });
    expect(setHas(s, { type: 'Prepared', rm: 1 })).toBe(true);
    expect(setHas(s, { type: 'Prepared', rm: 2 })).toBe(false);
    expect(setHas(setOf(), 1)).toBe(false);
  });
  it('on a frozen set, the same member added twice gives the same frozen object', () => {
    const s = deepFreeze(setOf(1, 3));
    const a = setAdd(s, 2);
    expect(a).toEqual([1, 2, 3]);
    expect(setAdd(s, 2)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(setAdd(s, 3)).toBe(s);
  });
});

describe('except', () => {
  it('replaces one element, returns the same array when nothing changes, and checks the index', () => {
    const f = deepFreeze(['working', 'working']);
    const g = except(f, 1, 'prepared');
    expect(g).toEqual(['working', 'prepared']);
    expect(except(f, 1, 'prepared')).toBe(g);
    expect(except(g, 1, 'prepared')).toBe(g);
    expect(f).toEqual(['working', 'working']);
    expect(() => except(f, 2, 'x')).toThrow(/index 2/);
  });
});

describe('deepFreeze', () => {
  it('makes nested records, arrays, Sets and Maps read-only', () => {
    const v = deepFreeze({ a: [1, { b: 2 }], s: new Set([1]), m: new Map([[1, 2]]) });
    expect(() => ((v.a[1] as { b: number }).b = 3)).toThrow(TypeError);
    expect(() => v.s.add(2)).toThrow(/frozen/);
    expect(() => v.m.set(3, 4)).toThrow(/frozen/);
    expect(() => v.m.delete(1)).toThrow(/frozen/);
    expect(v.s.has(1)).toBe(true);
  });
});

describe('Interner', () => {
  it('numbers equal values alike, in first-seen order, and finds stored objects by identity', () => {
    const i = new Interner<unknown>('values');
    expect(i.intern({ a: 1 })).toBe(0);
    expect(i.intern('x')).toBe(1);
    expect(i.intern({ a: 1 })).toBe(0);
    expect(i.intern(1)).toBe(2);
    expect(i.intern('1')).toBe(3);
    expect(i.idOfStored(i.values[0] as object)).toBe(0);
    expect(i.idOfStored({ a: 1 })).toBeUndefined();
    expect(Object.isFrozen(i.values[0])).toBe(true);
  });

  it('numbers values exactly as their canonical keys do (random plain data, hash collisions included)', () => {
    fc.assert(
      fc.property(fc.array(data, { maxLength: 30 }), (vs) => {
        const i = new Interner<unknown>('values');
        const byKey = new Map<string, number>();
        for (const v of vs) {
          const id = i.intern(structuredClone(v));
          const k = keyOf(v);
          if (!byKey.has(k)) byKey.set(k, id);
          if (byKey.get(k) !== id) return false;
        }
        return i.size === byKey.size;
      }),
    );
  });

  it('is used by structure or by key, not both', () => {
    const i = new Interner<unknown>('things');
    i.intern({ a: 1 });
    expect(() => i.internKeyed({ b: 2 }, 'b')).toThrow(/things are interned by structure/);
    const j = new Interner<unknown>('others');
    j.internKeyed({ b: 2 }, 'b');
    expect(() => j.intern({ a: 1 })).toThrow(/others are interned by key/);
  });
});

describe('hashOf', () => {
  it('gives equal hashes to equal data, whatever the order of record keys (fast-check)', () => {
    fc.assert(fc.property(data, (v) => hashOf(v) === hashOf(structuredClone(v))));
    fc.assert(fc.property(data, data, (a, b) => keyOf(a) !== keyOf(b) || hashOf(a) === hashOf(b)));
    expect(hashOf({ a: 1, b: [2, 'x'] })).toBe(hashOf({ b: [2, 'x'], a: 1 }));
    expect(hashOf({ a: 1, u: undefined })).toBe(hashOf({ a: 1 }));
    expect(hashOf(-0)).toBe(hashOf(0));
    expect(hashOf(new Set([1, 2]))).toBe(hashOf(new Set([2, 1])));
  });

  it('tells apart values that differ only in type or nesting (no collision on these)', () => {
    const vs = [1, '1', true, null, undefined, [1], { 0: 1 }, [[1]], [1, 2], [2, 1], { a: 1 }, { a: '1' }, 1.5, 2 ** 40, new Set([1]), new Map([[1, 1]])];
    expect(new Set(vs.map(hashOf)).size).toBe(vs.length);
  });

  it('rejects what is not plain data, like keyOf', () => {
    expect(() => hashOf(() => 1)).toThrow(/plain data/);
  });

  it('rejects objects that are not plain records (a Date has no own fields: keyed by them, every Date was equal), as keyOf and notPlainData do', () => {
    class Account {
      constructor(readonly n: number) {}
    }
    for (const v of [new Date(0), new Account(1), new Int32Array(2), { at: new Date(5) }, [new Account(2)]]) {
      expect(() => hashOf(v)).toThrow(/plain data/);
      expect(() => keyOf(v)).toThrow(/Date|Account|Int32Array/);
    }
    expect(notPlainData({ d: new Date(0) }, 'state')).toMatch(/^a Date at state\.d /);
    expect(notPlainData({ a: new Account(1) }, 'state')).toMatch(/^an instance of class Account at state\.a /);
    // Records made by a literal, a spread or Object.create(null) are plain.
    const bare = Object.assign(Object.create(null) as object, { x: 1 });
    expect(notPlainData({ r: { ...{ x: 1 } }, bare })).toBeUndefined();
    expect(hashOf(bare)).toBe(hashOf({ x: 1 }));
  });
});

describe('a model whose state holds a Date', () => {
  it('is a model error (exit 75), not a pass: each new Date was taken for the first, so the violation went unseen', () => {
    const m: Model<{ readonly k: number; readonly d: Date }, 'tick'> = {
      name: 'date',
      init: () => [{ k: 0, d: new Date(0) }],
      actions: (s) => (s.k < 1 ? ['tick'] : []),
      next: (s) => ({ k: s.k, d: new Date(5000) }),
      properties: [always('time stands still', (s) => s.d.getTime() === 0)],
      checkDeadlock: false,
    };
    const r = explore(m);
    expect([r.verdict, r.exitCode]).toEqual(['error', 75]);
    expect(r.error).toMatch(/a Date at state\.d/);
    // An action model names the variable.
    const a = actionModel<{ readonly d: Date; readonly n: number }>({
      init: () => [{ d: new Date(0), n: 0 }],
      actions: { Tick: (s) => s.n === 0 && { n: 1 } },
      properties: [],
    });
    const ra = explore(a);
    expect([ra.verdict, ra.exitCode]).toEqual(['error', 75]);
    expect(ra.error).toMatch(/^init returned a value that is not plain data: a Date at d /);
  });
});
