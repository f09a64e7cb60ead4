/**
 * Compiles a generic `Model` to integer vectors: one integer per field of the state record,
 * numbering each field's distinct values. Also checks that `next` and `actions` are pure.
 */
import { ModelError, NotPlainDataError, blame, call, truthOf } from './errors.ts';
import type { Compiled, CompiledProperty, Model, StepLabel } from './model.ts';
import { enter, leave } from './running.ts';
import { Interner, describeValue, elementId, keyOf, notPlainData } from './values.ts';
import { describeDifference } from './describe.ts';

/** Expansions during which every `actions`/`next` call is made twice and the results compared. */
const DETERMINISM_EXPANSIONS = 2_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Map);
}

/** The compiled form of a generic model. */
export function compileModel<S, A>(model: Model<S, A>): Compiled {
  const name = model.name ?? 'model';
  const inits = call('init', () => model.init());
  if (!Array.isArray(inits)) throw new ModelError(`${name}: init returned ${describeValue(inits)}, not an array of initial states`, 'init');
  if (inits.length === 0) throw new ModelError(`${name}: init() returned no initial state`, 'init');
  inits.forEach((s, i) => {
    const bad = notPlainData(s, `state`);
    if (bad !== undefined) throw new NotPlainDataError(`${bad} (initial state ${i})`, 'init');
  });
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
    if (!isRecord(t)) throw new ModelError(`${where} returned ${describeValue(t)}, not a record with fields ${fields.join(', ')}`, where);
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
    if (!isRecord(t)) throw new ModelError(`${where} returned ${describeValue(t)}, not a record with fields ${fields.join(', ')}`, where);
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
    const bad = notPlainData(acts, 'actions');
    if (bad !== undefined) throw new NotPlainDataError(`${bad} (in state ${describeValue(s)})`, 'actions');
    const again = call('actions', () => model.actions(s), s);
    if (keyOf(again) !== keyOf(acts)) {
      throw new ModelError(`actions is not deterministic: two calls on the same state gave ${describeDifference(acts, again)} (in state ${describeValue(s)})`, 'actions');
    }
    for (const a of acts) {
      const t = call('next', () => model.next(s, a), s, a);
      if (t === undefined || t === null) throw new ModelError(`next returned ${t} for action ${describeValue(a)} in state ${describeValue(s)}`, 'next');
      const badT = notPlainData(t, 'state');
      if (badT !== undefined) throw new NotPlainDataError(`${badT} (action ${describeValue(a)})`, 'next');
      checkShape(t, 'next');
      const t2 = call('next', () => model.next(s, a), s, a);
      if (keyOf(t) !== keyOf(t2)) {
        throw new ModelError(`next is not deterministic on action ${describeValue(a)}: it gave ${describeDifference(t, t2)} (in state ${describeValue(s)})`, 'next');
      }
    }
  };

  const properties: CompiledProperty[] = (model.properties ?? []).map((p) => {
    const holds = p.holds as (s: S, i?: number) => boolean;
    const q = p.leadsTo as ((s: S, i?: number) => boolean) | undefined;
    const instances = p.instances;
    const where = `property ${p.name}`;
    return {
      name: p.name,
      kind: p.kind,
      description: p.description,
      holds: (v: Int32Array, i?: number): boolean => {
        const s = decode(v);
        enter(where, s);
        try {
          return truthOf(where, holds(s, i));
        } catch (e) {
          throw blame(where, e);
        } finally {
          leave();
        }
      },
      ...(q ? { leadsTo: (v: Int32Array, i: number): boolean => call(where, () => truthOf(where, q(decode(v), i))) } : {}),
      ...(instances ? { instances: (v: Int32Array): number => call(where, () => instances(decode(v))) } : {}),
      ...(p.instanceName ? { instanceName: (v: Int32Array, i: number): string => call(`${where}.instanceName`, () => (p.instanceName as (s: S, i: number) => string)(decode(v), i)) } : {}),
      ...(p.reason ? { reason: (v: Int32Array, i?: number) => call(`property ${p.name}.reason`, () => (p.reason as (s: S, i?: number) => string | undefined)(decode(v), i)) } : {}),
    };
  });

  // Fairness groups (liveness only): one per action name, fair as `model.fairness` says.
  const declared = model.fairness ?? {};
  const groupIds = new Map<string, number>();
  const groupNames: string[] = ['not forced'];
  const actionName = (a: A): string => {
    if (typeof a === 'string') return a;
    if (typeof a === 'object' && a !== null) {
      const o = a as Record<string, unknown>;
      if (typeof o.type === 'string') return o.type;
      if (typeof o.name === 'string') return o.name;
    }
    return keyOf(a);
  };
  const fairness: Compiled['fairness'] = model.fairness
    ? {
        groups(v, out) {
          const acts = call('actions', () => model.actions(decode(v)));
          for (let i = 0; i < acts.length; i++) {
            const nm = actionName(acts[i]);
            let g = groupIds.get(nm);
            if (g === undefined) {
              g = groupNames.length;
              groupIds.set(nm, g);
              groupNames.push(nm);
            }
            out[i] = g;
          }
          return acts.length;
        },
        group: (g) => ({ name: groupNames[g] ?? `group ${g}`, fairness: g === 0 ? 'none' : declared[groupNames[g]] ?? 'none' }),
        unused: () => Object.keys(declared).filter((k) => !groupIds.has(k)),
      }
    : undefined;

  return {
    name,
    width,
    fairness,
    initial(emit) {
      inits.forEach((s, i) => {
        checkShape(s, 'init');
        try {
          encode(s, scratch, undefined, undefined, 'init');
        } catch (e) {
          throw blame('init', e);
        }
        emit(scratch, i);
      });
    },
    expand(v, emit) {
      const s = decode(v);
      let acts: readonly A[];
      enter('actions', s);
      try {
        acts = model.actions(s);
      } catch (e) {
        throw blame('actions', e);
      } finally {
        leave();
      }
      if (!Array.isArray(acts)) throw new ModelError(`actions returned ${describeValue(acts)} on state ${describeValue(s)}, not an array of actions`, 'actions');
      if (expansions++ < DETERMINISM_EXPANSIONS) checkDeterminism(s, acts);
      if (acts.length > 0xffff) throw new ModelError(`a state has ${acts.length} enabled actions; at most 65,535 are supported`, 'actions');
      for (let i = 0; i < acts.length; i++) {
        let t: S;
        enter('next', s, acts[i]);
        try {
          t = model.next(s, acts[i]);
        } catch (e) {
          throw blame('next', e);
        } finally {
          leave();
        }
        try {
          encode(t, scratch, s, v, 'next');
        } catch (e) {
          throw blame('next', e);
        }
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
    within: model.within ? (v) => { const s = decode(v); return call('within', () => (model.within as (s: S) => boolean)(s), s); } : undefined,
    constraint: model.constraint ? (v) => call('constraint', () => Boolean((model.constraint as (s: S) => boolean)(decode(v)))) : undefined,
    actionConstraint: model.actionConstraint
      ? (v, t) => call('actionConstraint', () => Boolean((model.actionConstraint as (s: S, t: S) => boolean)(decode(v), decode(t))))
      : undefined,
    isEnd: (v) => { if (!model.isEnd) return false; const s = decode(v); return call('isEnd', () => (model.isEnd as (s: S) => boolean)(s), s); },
    checkDeadlock: model.checkDeadlock ?? true,
    ...(model.summary ? { summary: () => call('summary', () => (model.summary as () => Readonly<Record<string, number>>)()) } : {}),
    stats: () => Object.fromEntries(fields.map((f, i) => [`values.${f || 'state'}`, interners[i].size])),
  };
}
