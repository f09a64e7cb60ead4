/**
 * Plain-data values: a canonical key (equal values, equal keys, whatever the order of object
 * keys or of set members), deep freezing, value sets, and an interner that numbers distinct values.
 */
import { ModelError, NotPlainDataError } from './errors.ts';

/**
 * A cache of facts about objects that may die (a WeakMap), started afresh after 2^20 entries are
 * set. V8 grows a weak table by rehashing it whole, in a time that climbs steeply with its size:
 * inserting 6 million keys, the growth to 2.8 million took 12.6 s and the next 104 s (a Map: 0.5 s
 * and 1.4 s). On PaxosCommit, a weak table of its value sets grew past 2.8 million inside one
 * action call, which --call-timeout (10 s) took for a loop. A fact lost to a fresh start is
 * computed again: only for caches.
 */
export class WeakCache<K extends object, V> {
  private table = new WeakMap<K, V>();
  private entries = 0;
  get(k: K): V | undefined {
    return this.table.get(k);
  }
  set(k: K, v: V): void {
    if (++this.entries > WEAK_CACHE_ENTRIES) {
      this.table = new WeakMap();
      this.entries = 1;
    }
    this.table.set(k, v);
  }
}
const WEAK_CACHE_ENTRIES = 1 << 20;

/**
 * Canonical text key of a plain-data value: primitives, arrays, plain objects (keys sorted,
 * undefined-valued keys ignored), `Set` and `Map` (members sorted by key). Two values get the
 * same key exactly when they are equal as data.
 */
export function keyOf(v: unknown): string {
  if (typeof v === 'object' && v !== null) {
    // Frozen values (every value inside a state is frozen) never change: their key is computed once.
    let k = frozenKeys.get(v);
    if (k === undefined) {
      k = computeKey(v);
      if (Object.isFrozen(v)) frozenKeys.set(v, k);
    }
    return k;
  }
  return computeKey(v);
}

const frozenKeys = new WeakCache<object, string>();

function computeKey(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      return quote(v);
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'bigint':
      return `${v}n`;
    case 'object': {
      if (v === null) return 'N';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + keyOf(v[i]);
        return s + ']';
      }
      if (v instanceof Set) return 'S{' + [...v].map(keyOf).sort().join(',') + '}';
      if (v instanceof Map) return 'M{' + [...v].map(([k, x]) => keyOf(k) + ':' + keyOf(x)).sort().join(',') + '}';
      if (!plainRecord(v)) throw new NotPlainDataError(nonPlainObject(v));
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      // Insertion sort: records have few keys, often already in order.
      for (let i = 1; i < keys.length; i++) {
        const k = keys[i];
        let j = i - 1;
        while (j >= 0 && keys[j] > k) {
          keys[j + 1] = keys[j];
          j--;
        }
        keys[j + 1] = k;
      }
      let s = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const x = o[keys[i]];
        if (x === undefined) continue;
        s += (first ? '' : ',') + quote(keys[i]) + ':' + keyOf(x);
        first = false;
      }
      return s + '}';
    }
    default:
      throw new NotPlainDataError(`a ${typeof v}`);
  }
}

/** JSON text of a string; cached, since states draw their strings from a small vocabulary. */
const quoted = new Map<string, string>();
function quote(x: string): string {
  let q = quoted.get(x);
  if (q === undefined) {
    q = JSON.stringify(x);
    if (quoted.size < 100_000) quoted.set(x, q);
  }
  return q;
}

/** Freezes a plain-data value and everything inside it, so that a handler that mutates it throws. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v) && !ArrayBuffer.isView(v)) {
    if (v instanceof Set || v instanceof Map) {
      // Object.freeze does not stop add/set/delete/clear: shadow them with methods that throw.
      for (const m of ['add', 'set', 'delete', 'clear']) {
        if (m in v) Object.defineProperty(v, m, { value: frozenCollectionMethod(m) });
      }
    }
    Object.freeze(v);
    if (v instanceof Set || v instanceof Map) {
      for (const x of v as Iterable<unknown>) deepFreeze(x);
    } else {
      for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    }
  }
  return v;
}

function frozenCollectionMethod(name: string): () => never {
  return () => {
    throw new TypeError(`Cannot ${name}: the collection is frozen (read-only state)`);
  };
}

/** Structural equality of plain data (by canonical key). */
export function equalValues(a: unknown, b: unknown): boolean {
  return a === b || keyOf(a) === keyOf(b);
}

/**
 * Structural equality of plain data without building keys: arrays element by element, records
 * by their defined fields in any order. Sets and Maps fall back to canonical keys.
 */
export function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equalData(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Set || a instanceof Map || b instanceof Set || b instanceof Map) return keyOf(a) === keyOf(b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let nx = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined) continue;
    nx++;
    if (!equalData(v, y[k])) return false;
  }
  let ny = 0;
  for (const k in y) if (y[k] !== undefined) ny++;
  return nx === ny;
}

/**
 * The order of values in sets and map keys, for storing and printing: numbers numerically, then
 * strings, then booleans and other primitives, then structures (by canonical key). Equal data
 * compares 0.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) {
    const d = (a as number) - (b as number);
    return d === d ? d : Number.isNaN(a as number) ? (Number.isNaN(b as number) ? 0 : 1) : -1;
  }
  const ka = ra === 1 ? (a as string) : keyOf(a);
  const kb = ra === 1 ? (b as string) : keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
function rank(x: unknown): number {
  switch (typeof x) {
    case 'number':
      return 0;
    case 'string':
      return 1;
    case 'object':
      return x === null ? 2 : 3;
    default:
      return 2;
  }
}

/**
 * A set of plain-data values with value semantics, as an array kept sorted by `compareValues`,
 * so that two equal sets are equal arrays. TLA+'s `msgs \cup {m}` is `setAdd(msgs, m)`.
 */
export type ValueSet<T> = readonly T[];

/**
 * The mark of the arrays made by emptySet, setOf and setAdd (printed as sets, diffed by members
 * added and removed): a hidden property of the array itself, not a WeakSet of them, which grew
 * with every set a search made (WeakCache says why that is slow). Not enumerable: keys, copies and
 * JSON do not see it.
 */
const VALUE_SET_MARK: unique symbol = Symbol('interleave.valueSet');
function mark<T>(a: T[]): T[] {
  Object.defineProperty(a, VALUE_SET_MARK, { value: true });
  return a;
}

/** Whether x is an array made as a value set (by `emptySet`, `setOf` or `setAdd`). */
export function isValueSet(x: unknown): boolean {
  return Array.isArray(x) && (x as { [VALUE_SET_MARK]?: boolean })[VALUE_SET_MARK] === true;
}

/** The empty value set. */
export function emptySet<T>(): ValueSet<T> {
  return mark<T>([]);
}
/** Results of setAdd and except on frozen inputs, so that the same inputs give the same object. */
class ResultMemo {
  private readonly table = new WeakCache<object, Map<number, readonly unknown[]>>();
  get(base: object, k: number): readonly unknown[] | undefined {
    return this.table.get(base)?.get(k);
  }
  set<T>(base: object, k: number, r: readonly T[]): readonly T[] {
    let m = this.table.get(base);
    if (m === undefined) this.table.set(base, (m = new Map()));
    m.set(k, deepFreeze(r));
    return r;
  }
}
const addMemo = new ResultMemo();
const exceptMemo = new ResultMemo();

/**
 * `set ∪ {x}` as a new set (the same set if x is already in it). On a frozen set (every set in a
 * state is) the result is remembered: the same set and member give the same, frozen, object.
 */
export function setAdd<T>(set: ValueSet<T>, x: T): ValueSet<T> {
  if (set.includes(x)) return set;
  const e = Object.isFrozen(set) ? elementId(x) : -1;
  if (e >= 0) {
    const r = addMemo.get(set, e);
    if (r !== undefined) return r as ValueSet<T>;
  }
  const r = setAddUncached(set, x);
  return e >= 0 ? addMemo.set(set, e, r) : r;
}

/**
 * The method by which an array view of an action model's state (checker/actions.ts) makes its
 * own `except`: the view records which entries an action reads, and a copy would read them all.
 */
export const PATCH: unique symbol = Symbol('interleave.except');

/**
 * TLA+'s `[f EXCEPT ![i] = v]` for an array: a copy with element i replaced (the same array if it
 * already holds v). Remembered on frozen arrays, like `setAdd`.
 */
export function except<T>(f: readonly T[], i: number, v: T): readonly T[] {
  const patch = (f as unknown as { [PATCH]?: (i: number, v: T) => readonly T[] })[PATCH];
  if (patch !== undefined) return patch(i, v);
  if (!Number.isInteger(i) || i < 0 || i >= f.length) throw new RangeError(`except: index ${i} is outside 0..${f.length - 1}`);
  if (f[i] === v) return f;
  const e = Object.isFrozen(f) && f.length <= 0x400 ? elementId(v) : -1;
  if (e >= 0) {
    const r = exceptMemo.get(f, e * 0x400 + i);
    if (r !== undefined) return r as readonly T[];
  }
  const r = f.slice();
  r[i] = v;
  return e >= 0 ? exceptMemo.set(f, e * 0x400 + i, r) : r;
}

/**
 * TLA+'s `[f EXCEPT ![i][j] = v]` for an array of arrays: `exceptAt(f, [i, j], v)` is
 * `except(f, i, except(f[i], j, v))`, to any depth.
 */
export function exceptAt<T>(f: readonly T[], path: readonly number[], v: unknown): readonly T[] {
  if (path.length === 0) throw new RangeError('exceptAt: the path is empty');
  if (path.length === 1) return except(f, path[0], v as T);
  const inner = f[path[0]];
  if (!Array.isArray(inner)) throw new RangeError(`exceptAt: entry ${path[0]} is not an array`);
  return except(f, path[0], exceptAt(inner, path.slice(1), v) as T);
}

/** Binary search of a value set by `compareValues`: the index of x, or -(insertion point) - 1. */
function locate<T>(set: ValueSet<T>, x: T): number {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareValues(set[mid], x);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -lo - 1;
}

function setAddUncached<T>(set: ValueSet<T>, x: T): ValueSet<T> {
  const i = locate(set, x);
  if (i >= 0) return set;
  const at = -i - 1;
  // One allocation (spreading two slices made three arrays): sets in states are copied on every add.
  const r = new Array<T>(set.length + 1);
  for (let j = 0; j < at; j++) r[j] = set[j];
  r[at] = x;
  for (let j = at; j < set.length; j++) r[j + 1] = set[j];
  return mark(r);
}
/** `set \ {x}` as a new set (the same set if x is not in it). */
export function setRemove<T>(set: ValueSet<T>, x: T): ValueSet<T> {
  const i = locate(set, x);
  if (i < 0) return set;
  const r = new Array<T>(set.length - 1);
  for (let j = 0; j < i; j++) r[j] = set[j];
  for (let j = i + 1; j < set.length; j++) r[j - 1] = set[j];
  return mark(r);
}
/** `x ∈ set`. */
export function setHas<T>(set: ValueSet<T>, x: T): boolean {
  if (set.length === 0) return false;
  if (set.includes(x)) return true; // the same object: no key needed
  return locate(set, x) >= 0;
}
/** A value set from any values (duplicates removed, canonical order). */
export function setOf<T>(...xs: T[]): ValueSet<T> {
  let s: ValueSet<T> = emptySet();
  for (const x of xs) s = setAdd(s, x);
  return s;
}

/** Mixes x into the running hash h (32-bit). */
function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return (h ^ (h >>> 15)) | 0;
}

function hashString(x: string): number {
  let h = 0x811c9dc5 ^ x.length;
  for (let i = 0; i < x.length; i++) h = Math.imul(h ^ x.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** hashString of record keys and of strings in states, which come from a small vocabulary: computed once each. */
const keyHashes = new Map<string, number>();
function keyHash(k: string): number {
  let h = keyHashes.get(k);
  if (h === undefined) {
    h = hashString(k);
    if (keyHashes.size < 100_000) keyHashes.set(k, h);
  }
  return h;
}

/**
 * A 32-bit structural hash of plain data that agrees with `keyOf`: values with equal keys have
 * equal hashes (keys of records and members of sets and maps are combined in any order). Builds
 * no string, so interning a value that is already known allocates nothing.
 */
export function hashOf(v: unknown): number {
  switch (typeof v) {
    case 'number':
      // -0 is 0 (keyOf agrees); other numbers that are not 32-bit integers hash by their text.
      if ((v | 0) === v) return mix(0x1001, v | 0);
      if (!Number.isFinite(v)) throw new NotPlainData();
      return mix(0x1002, hashString(String(v)));
    case 'string':
      return mix(0x2001, keyHash(v));
    case 'boolean':
      return v ? 0x3001 : 0x3002;
    case 'undefined':
      return 0x4001;
    case 'object': {
      if (v === null) return 0x6001;
      if (Array.isArray(v)) {
        let h = mix(0x7001, v.length);
        for (let i = 0; i < v.length; i++) h = mix(h, hashOf(v[i]));
        return h;
      }
      if (v instanceof Set) {
        let sum = 0;
        for (const x of v) sum = (sum + hashOf(x)) | 0;
        return mix(0x8001, sum);
      }
      if (v instanceof Map) {
        let sum = 0;
        for (const [k, x] of v) sum = (sum + mix(hashOf(k), hashOf(x))) | 0;
        return mix(0x9001, sum);
      }
      if (!plainRecord(v)) throw new NotPlainData();
      let sum = 0;
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const x = o[k];
        if (x !== undefined) sum = (sum + mix(keyHash(k), hashOf(x))) | 0;
      }
      return mix(0xa001, sum);
    }
    default:
      throw new NotPlainData();
  }
}

/**
 * Whether an object that is not an array, Set or Map is a plain record: made by a literal, a
 * spread or `Object.create(null)`. A Date, a class instance or a typed array is not: keyed by its
 * own fields (a Date has none) it would be equal to other values, and a state holding it would be
 * taken for another (a Date that changes would not change the state).
 */
function plainRecord(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** `a Date`, `an instance of class Account`, for messages. */
function nonPlainObject(v: object): string {
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== 'string' || name === '') return 'an object with a prototype';
  return ['Date', 'RegExp', 'Promise', 'WeakMap', 'WeakSet', 'ArrayBuffer', 'DataView', 'Error'].includes(name) || /Array$/.test(name) ? `a ${name}` : `an instance of class ${name}`;
}

/** Thrown by hashOf for a value a state cannot hold; Interner turns it into a NotPlainDataError. */
class NotPlainData extends Error {
  constructor() {
    super('state values must be plain data');
  }
}

/** `value.x[2]` for key 2 under `value.x`; keys that are not identifiers are quoted. */
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * What makes x unfit for a state, with the path to it from `root` (`a function at value.f`, `NaN at
 * value.x`, `a cycle: value.next.next refers back to value.next`), or undefined if x is plain data:
 * finite numbers, strings, booleans, null, undefined, arrays, plain records, Sets and Maps of those.
 */
export function notPlainData(x: unknown, root = 'value'): string | undefined {
  const open: object[] = [];
  const openPaths: string[] = [];
  const walk = (v: unknown, path: string): string | undefined => {
    switch (typeof v) {
      case 'number':
        return Number.isFinite(v) ? undefined : `${v} at ${path} (only finite numbers)`;
      case 'bigint':
        return `the BigInt ${v}n at ${path} (use a number)`;
      case 'function':
        return `a function${v.name ? ` (${v.name})` : ''} at ${path}`;
      case 'symbol':
        return `a symbol (${String(v)}) at ${path}`;
      case 'object': {
        if (v === null) return undefined;
        const k = open.indexOf(v);
        if (k >= 0) return `a cycle: ${path} refers back to ${openPaths[k]}`;
        open.push(v);
        openPaths.push(path);
        let found: string | undefined;
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length && found === undefined; i++) found = walk(v[i], childPath(path, i));
        } else if (v instanceof Set) {
          let i = 0;
          for (const e of v) if (found === undefined) found = walk(e, `${path} member ${i++}`);
        } else if (v instanceof Map) {
          for (const [mk, e] of v) if (found === undefined) found = walk(mk, `${path} key`) ?? walk(e, childPath(path, typeof mk === 'string' || typeof mk === 'number' ? mk : '?'));
        } else if (!plainRecord(v)) {
          found = `${nonPlainObject(v)} at ${path} (only plain records, arrays, Sets and Maps: its class would be lost, and its fields alone would decide which states are equal)`;
        } else {
          for (const key of Object.keys(v)) {
            if (found !== undefined) break;
            found = walk((v as Record<string, unknown>)[key], childPath(path, key));
          }
          if (found === undefined) for (const s of Object.getOwnPropertySymbols(v)) if (found === undefined && Object.prototype.propertyIsEnumerable.call(v, s)) found = `a symbol key (${String(s)}) at ${path}`;
        }
        open.pop();
        openPaths.pop();
        return found;
      }
      default:
        return undefined;
    }
  };
  try {
    return walk(x, root);
  } catch {
    return `a value nested too deeply to read at ${root}`;
  }
}

export { describeValue } from './describe.ts';

/**
 * Interning shared among threads (checker/parallel/interning.ts): while one is installed, every
 * Interner made (a model compiling) is attached to it in the order made, and numbers a new value
 * through it, so that equal values get equal numbers in every thread. Installed only by the
 * parallel search; a search in one thread never sees it.
 */
export interface InternSharing {
  /** The index of a new interner (the order of creation, the same in every thread). */
  attach(interner: Interner<unknown>): number;
  /** The number of a value this thread's interner `index` has not seen (h: its hash; k: its key, for `internKeyed`). */
  add(index: number, interner: Interner<unknown>, v: unknown, h: number, k: string | undefined): number;
}
let sharing: InternSharing | undefined;
/** Installs (or with undefined, removes) the interning shared among threads for the interners made from now on. */
export function shareInterning(s: InternSharing | undefined): void {
  sharing = s;
}

/** Marks an array as a value set (as `emptySet`, `setOf` and `setAdd` make them); for values copied between threads. */
export function markValueSet<T>(a: T[]): T[] {
  return isValueSet(a) ? a : mark(a);
}

/**
 * Numbers distinct values 0, 1, 2, … and keeps them, frozen. Either by structure (`intern`: a
 * structural hash, then structural equality) or by keys the caller computes (`internKeyed`), but
 * not both on one interner.
 */
export class Interner<T> {
  private readonly ids = new Map<string, number>();
  private readonly byHash = new Map<number, number | number[]>();
  /** The stored values by identity (a Map: they are all kept in `values`, and a large WeakMap is slow to grow: WeakCache). */
  private readonly byObject = new Map<object, number>();
  private readonly primitives = new Map<unknown, number>();
  /** values[id] is the frozen value numbered id. */
  readonly values: T[] = [];
  private shared = sharing;
  private readonly sharedIndex = sharing ? sharing.attach(this as Interner<unknown>) : -1;
  /** `what`: the values, for messages (`values of msgs`); `root`: how a path into one starts in them (`msgs`). */
  constructor(
    private readonly what: string,
    private readonly root = 'value',
  ) {}
  get size(): number {
    return this.values.length;
  }
  /** A value not seen before: numbered here, or (shared among threads) by the shared interning. */
  private add(v: T, h: number, k: string | undefined): number {
    if (this.shared !== undefined) return this.shared.add(this.sharedIndex, this as Interner<unknown>, v, h, k);
    const id = this.values.length;
    this.put(id, v, h, k);
    return id;
  }
  /**
   * Stops numbering through the shared interning (a model compiled for a parallel search that is
   * searched in one thread after all): the values it numbered so far are 0, 1, 2, … here too.
   */
  unshare(): void {
    if (this.shared !== undefined && this.values.length !== Object.keys(this.values).length) throw new Error(`internal: ${this.what} numbered with gaps cannot be unshared`);
    this.shared = undefined;
  }
  /** Records v as number id (h its hash, or k its key). For the shared interning; `add` otherwise. */
  put(id: number, v: T, h: number, k: string | undefined): void {
    if (id >= 16_000_000) {
      throw new ModelError(`more than 16,000,000 distinct ${this.what}: the model is too large for this engine`);
    }
    this.values[id] = deepFreeze(v);
    if (typeof v === 'object' && v !== null) this.byObject.set(v, id);
    if (k !== undefined) {
      this.ids.set(k, id);
      return;
    }
    if (typeof v !== 'object' || v === null) this.primitives.set(v, id);
    const hit = this.byHash.get(h);
    if (hit === undefined) this.byHash.set(h, id);
    else if (typeof hit === 'number') this.byHash.set(h, [hit, id]);
    else hit.push(id);
  }
  /** The number of v (hash h, or key k) if this thread has seen it. For the shared interning. */
  find(v: T, h: number, k: string | undefined): number | undefined {
    if (k !== undefined) return this.ids.get(k);
    const hit = this.byHash.get(h);
    if (hit === undefined) return undefined;
    if (typeof hit === 'number') return equalData(this.values[hit], v) ? hit : undefined;
    for (let i = 0; i < hit.length; i++) if (equalData(this.values[hit[i]], v)) return hit[i];
    return undefined;
  }
  /** The number of `v`, given its canonical key `k`; a new value is frozen and numbered. */
  internKeyed(v: T, k: string): number {
    if (this.byHash.size > 0) throw new Error(`internal: ${this.what} are interned by structure, not by key`);
    const id = this.ids.get(k);
    return id !== undefined ? id : this.add(v, 0, k);
  }
  /** The number of a value that is itself a stored (frozen) value, by identity; undefined otherwise. */
  idOfStored(v: object): number | undefined {
    return this.byObject.get(v);
  }
  /** The number of `v` (equal data, equal number); a new value is frozen and numbered. */
  intern(v: T): number {
    if (typeof v !== 'object' || v === null) {
      // Primitives are their own keys (a Map tells 1 from '1' and takes -0 as 0, as keyOf does).
      const id = this.primitives.get(v);
      if (id !== undefined) return id;
      const h = this.hash(v); // hash rejects functions, symbols, NaN…
      const found = this.find(v, h, undefined);
      if (found === undefined) return this.add(v, h, undefined);
      this.primitives.set(v, found);
      return found;
    }
    return this.internHashed(v, this.hash(v));
  }
  /** hashOf v, or a NotPlainDataError saying what in v a state cannot hold (cycles included). */
  private hash(v: T): number {
    try {
      return hashOf(v);
    } catch (e) {
      if (!(e instanceof NotPlainData) && !(e instanceof RangeError)) throw e;
      throw new NotPlainDataError(notPlainData(v, this.root) ?? 'a value nested too deeply');
    }
  }
  private internHashed(v: T, h: number): number {
    if (this.ids.size > 0) throw new Error(`internal: ${this.what} are interned by key, not by structure`);
    const hit = this.byHash.get(h);
    if (hit === undefined) return this.add(v, h, undefined);
    if (typeof hit === 'number') {
      if (equalData(this.values[hit], v)) return hit;
      return this.add(v, h, undefined);
    }
    for (let i = 0; i < hit.length; i++) if (equalData(this.values[hit[i]], v)) return hit[i];
    return this.add(v, h, undefined);
  }
}

const primitiveIds = new Map<unknown, number>();
const frozenIds = new WeakCache<object, number>();
const idsByKey = new Map<string, number>();

/**
 * A number for an element value, equal for equal values: primitives by value, frozen objects by
 * canonical key (computed once per object). -1 for an object that is not frozen (it could change).
 */
export function elementId(e: unknown): number {
  if (typeof e !== 'object' || e === null) {
    let id = primitiveIds.get(e);
    if (id === undefined) {
      id = primitiveIds.size + idsByKey.size;
      primitiveIds.set(e, id);
    }
    return id;
  }
  let id = frozenIds.get(e);
  if (id === undefined) {
    if (!Object.isFrozen(e)) return -1;
    const k = keyOf(e);
    id = idsByKey.get(k);
    if (id === undefined) {
      id = primitiveIds.size + idsByKey.size;
      idsByKey.set(k, id);
    }
    frozenIds.set(e, id);
  }
  return id;
}
