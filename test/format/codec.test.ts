import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOf } from 'interleave';
import { fromItfValue, toItfValue } from '../../checker/format/codec.ts';

/** Plain data as states hold it: numbers of every kind, strings, booleans, null, undefined, arrays, records, Sets, Maps, big bigints. */
const plain = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 60, -(2 ** 70), -0),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }),
    fc.string(),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('#set', '#map', '#tup', '#bigint', '#unserializable', '#meta', '#foo', '\\#set', '\\\\#x', '\\x')).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 4 }).map((a) => new Set(a)),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((a) => new Map(a)),
  ),
})).value;

describe('ITF value encoding', () => {
  it('round-trips any plain data through JSON text (equal by keyOf)', () => {
    fc.assert(
      fc.property(plain, (v) => {
        const back = fromItfValue(JSON.parse(JSON.stringify(toItfValue(v))));
        expect(keyOf(back)).toBe(keyOf(v));
      }),
      { numRuns: 300 },
    );
  });

  it('encodes equal sets and maps to equal JSON, whatever the order of their members; records keep their keys in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { maxLength: 6 }), (xs) => {
        const rev = [...xs].reverse();
        expect(JSON.stringify(toItfValue(new Set(xs)))).toBe(JSON.stringify(toItfValue(new Set(rev))));
        expect(JSON.stringify(toItfValue(new Map(xs.map((x) => [x, -x]))))).toBe(JSON.stringify(toItfValue(new Map(rev.map((x) => [x, -x])))));
        const rec = Object.fromEntries(xs.map((x) => [`k${x}`, x]));
        const recRev = Object.fromEntries(rev.map((x) => [`k${x}`, x]));
        // The model's order of fields, as the pictures show them; both decode to equal values.
        expect(Object.keys(toItfValue(rec) as object)).toEqual(Object.keys(rec));
        expect(Object.keys(toItfValue(recRev) as object)).toEqual(Object.keys(recRev));
        expect(keyOf(fromItfValue(toItfValue(rec)))).toBe(keyOf(fromItfValue(toItfValue(recRev))));
      }),
    );
  });

  it('uses the ADR-015 forms: lists, #tup for mixed sorts, #set, #map, #bigint, #unserializable', () => {
    expect(toItfValue([1, 2])).toEqual([1, 2]);
    expect(toItfValue([1, 'a'])).toEqual({ '#tup': [1, 'a'] });
    expect(toItfValue(new Set([3, 1]))).toEqual({ '#set': [1, 3] });
    expect(toItfValue(new Map([['b', 2], ['a', 1]]))).toEqual({ '#map': [['a', 1], ['b', 2]] });
    expect(toItfValue(2n ** 64n)).toEqual({ '#bigint': '18446744073709551616' });
    expect(toItfValue({ b: null, a: 1.5, c: undefined })).toEqual({ a: { '#unserializable': '1.5' }, b: { '#unserializable': 'null' } });
    expect(toItfValue(2 ** 60)).toEqual({ '#unserializable': '1152921504606847000' }); // String(2 ** 60), which reads back exactly
  });

  it('reads the forms other tools write: #bigint integers (as Quint does) become numbers', () => {
    expect(fromItfValue({ x: { '#bigint': '42' }, s: { '#set': [{ '#bigint': '1' }] } })).toEqual({ x: 42, s: new Set([1]) });
    expect(fromItfValue({ '#bigint': '-9007199254740993' })).toBe(-9007199254740993n);
  });

  it('escapes a record field whose name starts with # (ITF reserves them) with a backslash, and reads it back', () => {
    const v = { '#set': 1, '#meta': 2, '#foo': new Set([3]), '\\#x': 4, '\\y': 5, plain: { '#map': 6 } };
    const enc = toItfValue(v);
    expect(enc).toEqual({ '\\#set': 1, '\\#meta': 2, '\\#foo': { '#set': [3] }, '\\\\#x': 4, '\\y': 5, plain: { '\\#map': 6 } });
    expect(Object.keys(JSON.parse(JSON.stringify(enc))).some((k) => k.startsWith('#'))).toBe(false);
    expect(keyOf(fromItfValue(JSON.parse(JSON.stringify(enc))))).toBe(keyOf(v));
  });
});
