/**
 * Compiles a generic `Model` to integer vectors: one integer per field of the state record,
 * numbering each field's distinct values. Also checks that `next` and `actions` are pure.
 */
import { ModelError, blame, call } from './errors.ts';
import type { Compiled, CompiledProperty, Model, StepLabel } from './model.ts';
import { Interner, elementId, keyOf } from './values.ts';

/** Expansions during which every `actions`/`next` call is made twice and the results compared. */
const DETERMINISM_EXPANSIONS = 2_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Map);
}

/** The compiled form of a generic model. */
export function compileModel<S, A>(model: Model<S, A>): Compiled {
  const name = model.name ?? 'model';
  const inits = call('init', () => model.init());
  if (inits.length === 0) throw new ModelError(`${name}: init() returned no initial state`, 'init');
  const recordStates = isRecord(inits[0]);
  const fields = recordStates ? Object.keys(inits[0] as object).sort() : [''];
  const width = fields.length;
  const interners = fields.map((f) => new Interner<unknown>(`values of field ${f || 'state'}`));

  const decode = (v: Int32Array): S => {
    if (!recordStates) return interners[0].values[v[0]] as S;
    const o: Record<string, unknown> = {};
    for (let i = 0; i < width; i++) o[fields[i]] = interners[i].values[v[i]];
    return Object.freeze(o) as S;
  };

  /**
   * Delta memo: a changed field whose new value is the old value with one element replaced or
   * inserted (what `map`, `with`, `[...a, x]` and `setAdd` produce) is numbered from (old number,
   * position, element) by a table look-up instead of by its canonical key.
   */
  const replaced = fields.map(() => new Map<number, Map<number, number>>());
  const inserted = fields.map(() => new Map<number, Map<number, number>>());
  const memoOf = (table: Map<number, Map<number, number>>, oldId: number): Map<number, number> => {
    let m = table.get(oldId);
    if (m === undefined) table.set(oldId, (m = new Map()));
    return m;
  };
  const fieldId = (i: number, x: unknown, old: unknown, oldId: number): number => {
    if (typeof x === 'object' && x !== null) {
      const stored = interners[i].idOfStored(x);
      if (stored !== undefined) return stored;
    }
    if (Array.isArray(x) && Array.isArray(old) && x.length <= 0x3ff) {
      const n = x.length;
      let table: Map<number, Map<number, number>> | undefined;
      let pos = -1;
      if (n === old.length) {
        for (let j = 0; j < n; j++) {
          if (x[j] !== old[j]) {
            if (pos >= 0) return interners[i].intern(x);
            pos = j;
          }
        }
        if (pos < 0) return oldId;
        table = replaced[i];
      } else if (n === old.length + 1) {
        pos = 0;
        while (pos < old.length && x[pos] === old[pos]) pos++;
        for (let j = pos + 1; j < n; j++) if (x[j] !== old[j - 1]) return interners[i].intern(x);
        table = inserted[i];
      } else return interners[i].intern(x);
      const e = elementId(x[pos]);
      if (e < 0) return interners[i].intern(x);
      const memo = memoOf(table, oldId);
      const k = e * 0x400 + pos;
      let id = memo.get(k);
      if (id === undefined) memo.set(k, (id = interners[i].intern(x)));
      return id;
    }
    return interners[i].intern(x);
  };

  /** Writes the vector of t into out; fields identical to those of `from` reuse from's numbers. */
  const encode = (t: S, out: Int32Array, from: S | undefined, fromV: Int32Array | undefined, where: string): void => {
    if (!recordStates) {
      out[0] = interners[0].intern(t);
      return;
    }
    if (!isRecord(t)) throw new ModelError(`${where} returned ${keyOf(t)}, not a record with fields ${fields.join(', ')}`, where);
    for (let i = 0; i < width; i++) {
      const x = (t as Record<string, unknown>)[fields[i]];
      if (from !== undefined && x === (from as Record<string, unknown>)[fields[i]]) {
        out[i] = (fromV as Int32Array)[i];
        continue;
      }
      if (x === undefined) throw new ModelError(`${where} returned a state without field '${fields[i]}'`, where);
      out[i] = from !== undefined ? fieldId(i, x, (from as Record<string, unknown>)[fields[i]], (fromV as Int32Array)[i]) : interners[i].intern(x);
    }
  };
  const checkShape = (t: S, where: string): void => {
    if (!recordStates) return;
    const keys = Object.keys(t as object);
    if (keys.length !== width) {
      const extra = keys.filter((k) => !fields.includes(k));
      throw new ModelError(`${where} returned a state with fields {${keys.sort().join(', ')}}; expected {${fields.join(', ')}}${extra.length ? ` (extra: ${extra.join(', ')})` : ''}`, where);
    }
  };

  const scratch = new Int32Array(width);
  let expansions = 0;

  /** Calls actions and each next a second time: the same state must give the same results. */
  const checkDeterminism = (s: S, acts: readonly A[]): void => {
    const again = call('actions', () => model.actions(s));
    if (keyOf(again) !== keyOf(acts)) {
      throw new ModelError(`actions is not deterministic: two calls on the same state gave ${keyOf(acts)} and ${keyOf(again)}`, 'actions');
    }
    for (const a of acts) {
      const t = call('next', () => model.next(s, a));
      checkShape(t, 'next');
      const t2 = call('next', () => model.next(s, a));
      if (keyOf(t) !== keyOf(t2)) {
        throw new ModelError(`next is not deterministic on action ${keyOf(a)}: ${keyOf(t)} then ${keyOf(t2)}`, 'next');
      }
    }
  };

  const properties: CompiledProperty[] = (model.properties ?? []).map((p) => ({
    name: p.name,
    kind: p.kind,
    description: p.description,
    holds: (v: Int32Array): boolean => {
      try {
        return p.holds(decode(v));
      } catch (e) {
        throw blame(`property ${p.name}`, e);
      }
    },
  }));

  return {
    name,
    width,
    initial(emit) {
      inits.forEach((s, i) => {
        checkShape(s, 'init');
        encode(s, scratch, undefined, undefined, 'init');
        emit(scratch, i);
      });
    },
    expand(v, emit) {
      const s = decode(v);
      let acts: readonly A[];
      try {
        acts = model.actions(s);
      } catch (e) {
        throw blame('actions', e);
      }
      if (expansions++ < DETERMINISM_EXPANSIONS) checkDeterminism(s, acts);
      if (acts.length > 0xffff) throw new ModelError(`a state has ${acts.length} enabled actions; at most 65,535 are supported`, 'actions');
      for (let i = 0; i < acts.length; i++) {
        let t: S;
        try {
          t = model.next(s, acts[i]);
        } catch (e) {
          throw blame('next', e);
        }
        encode(t, scratch, s, v, 'next');
        emit(scratch, i);
      }
    },
    describe(v, label): StepLabel {
      const s = decode(v);
      const a = model.actions(s)[label];
      if (model.describeAction) return model.describeAction(a, s);
      const text = typeof a === 'string' ? a : keyOf(a);
      return { actor: 'env', action: text };
    },
    decode,
    properties,
    within: model.within ? (v) => call('within', () => (model.within as (s: S) => boolean)(decode(v))) : undefined,
    constraint: model.constraint ? (v) => call('constraint', () => Boolean((model.constraint as (s: S) => boolean)(decode(v)))) : undefined,
    actionConstraint: model.actionConstraint
      ? (v, t) => call('actionConstraint', () => Boolean((model.actionConstraint as (s: S, t: S) => boolean)(decode(v), decode(t))))
      : undefined,
    isEnd: (v) => (model.isEnd ? call('isEnd', () => (model.isEnd as (s: S) => boolean)(decode(v))) : false),
    checkDeadlock: model.checkDeadlock ?? true,
    stats: () => Object.fromEntries(fields.map((f, i) => [`values.${f || 'state'}`, interners[i].size])),
  };
}
