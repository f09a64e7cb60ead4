/**
 * Plain-data state values as JSON, in the value encoding of the Informal Trace Format (Apalache
 * ADR-015, https://apalache-mc.org/docs/adr/015adr-trace.html), used by both the trace file and
 * the `.itf.json` output:
 *
 * - a safe integer is a JSON number; a `bigint` is `{ "#bigint": "123" }` (read back as a number
 *   when it is within 2^53, as Quint writes every integer that way);
 * - strings and booleans are themselves;
 * - an array is a JSON array (an ITF list), except an array whose elements are of different
 *   sorts (`[1, 'a']`), which only a tuple can type: `{ "#tup": [...] }`;
 * - a `Set` is `{ "#set": [...] }` and a `Map` is `{ "#map": [[key, value], ...] }`, members
 *   sorted by canonical key so that equal values give equal JSON;
 * - a record is a JSON object, its keys in the model's order (so that a picture drawn from a saved
 *   trace shows a message's fields as the one drawn by `check` does; equal records built in
 *   different orders give different JSON, which nothing compares); undefined-valued keys dropped,
 *   as `keyOf` does. ITF
 *   reserves field names that start with `#` (ADR-015), so a field whose name is some backslashes
 *   then `#` (`#set`, `#meta`, `#foo`, `\#foo`) is written with one more backslash in front
 *   (`\#set`, `\\#foo`) and read back without it; every other name is written as it is;
 * - anything else plain data may hold (null, undefined, a non-integer number, a number beyond 2^53) is
 *   `{ "#unserializable": "null" | "undefined" | "1.5" | "NaN" | … }`, decoded back exactly.
 *
 * Decoding gives frozen plain data, equal (by `keyOf`) to the value that was encoded (but for a
 * `bigint` within 2^53, which comes back as a number).
 */
import { keyOf } from '../values.ts';

/** A value in ITF encoding (JSON). */
export type ItfValue =
  | number
  | string
  | boolean
  | ItfValue[]
  | { '#bigint': string }
  | { '#tup': ItfValue[] }
  | { '#set': ItfValue[] }
  | { '#map': [ItfValue, ItfValue][] }
  | { '#unserializable': string }
  | { [field: string]: ItfValue };

/** A record field's name as written: `#x` → `\#x`, `\#x` → `\\#x` (ITF reserves names starting with `#`); other names unchanged. */
export function escapeFieldName(name: string): string {
  return /^\\*#/.test(name) ? `\\${name}` : name;
}

/** The record field name that `escapeFieldName` wrote as `name`. */
export function unescapeFieldName(name: string): string {
  return /^\\+#/.test(name) ? name.slice(1) : name;
}

/** The sort of a value, for telling lists (one sort) from tuples (mixed sorts). */
function sortOf(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'other';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'seq';
  if (v instanceof Set) return 'set';
  if (v instanceof Map) return 'map';
  if (typeof v === 'object' && v !== null) return 'rec';
  return 'other';
}

const byKey = <T>(xs: T[], key: (x: T) => string): T[] => xs.map((x) => [key(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, x]) => x);

/** The ITF encoding of a plain-data value. */
export function toItfValue(v: unknown): ItfValue {
  switch (typeof v) {
    case 'number':
      // An integer beyond 2^53 as a JS number is not exact: kept as its text, so it decodes to the same number.
      if (Number.isSafeInteger(v)) return Object.is(v, -0) ? 0 : v;
      return { '#unserializable': String(v) };
    case 'bigint':
      return { '#bigint': v.toString() };
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return { '#unserializable': 'undefined' };
    case 'object': {
      if (v === null) return { '#unserializable': 'null' };
      if (Array.isArray(v)) {
        const items = v.map(toItfValue);
        const sorts = new Set(v.map(sortOf));
        return sorts.size > 1 ? { '#tup': items } : items;
      }
      if (v instanceof Set) return { '#set': byKey([...v], keyOf).map(toItfValue) };
      if (v instanceof Map) return { '#map': byKey([...v], ([k]) => keyOf(k)).map(([k, x]) => [toItfValue(k), toItfValue(x)] as [ItfValue, ItfValue]) };
      const o = v as Record<string, unknown>;
      const out: Record<string, ItfValue> = {};
      for (const k of Object.keys(o)) {
        if (o[k] === undefined) continue;
        out[escapeFieldName(k)] = toItfValue(o[k]);
      }
      return out;
    }
    default:
      throw new Error(`cannot encode a ${typeof v} as a trace value`);
  }
}

function unserializable(text: string): unknown {
  if (text === 'null') return null;
  if (text === 'undefined') return undefined;
  if (/^-?(\d+(\.\d*)?([eE][-+]?\d+)?|Infinity)$|^NaN$/.test(text)) return Number(text);
  return Object.freeze({ '#unserializable': text });
}

/** Plain data from its ITF encoding (frozen). Plain JSON numbers are accepted, as ADR-015 allows. */
export function fromItfValue(x: unknown): unknown {
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  if (Array.isArray(x)) return Object.freeze(x.map(fromItfValue));
  if (typeof x === 'object' && x !== null) {
    const o = x as Record<string, unknown>;
    if (typeof o['#bigint'] === 'string') {
      const b = BigInt(o['#bigint']);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    if (Array.isArray(o['#tup'])) return Object.freeze(o['#tup'].map(fromItfValue));
    if (Array.isArray(o['#set'])) return Object.freeze(new Set(o['#set'].map(fromItfValue)));
    if (Array.isArray(o['#map'])) return Object.freeze(new Map((o['#map'] as unknown[][]).map(([k, v]) => [fromItfValue(k), fromItfValue(v)])));
    if (typeof o['#unserializable'] === 'string') return unserializable(o['#unserializable']);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) if (k !== '#meta') out[unescapeFieldName(k)] = fromItfValue(o[k]);
    return Object.freeze(out);
  }
  return x;
}
