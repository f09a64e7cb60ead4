/**
 * Checking some of a model's properties only, as TLC's configuration names the INVARIANTs and
 * PROPERTYs to check (`check --property NAME`, repeatable). The others are not checked: a search
 * that checks no liveness property needs no state graph (and may run in parallel). `--por` still
 * counts a step visible when any property of the model reads what it changes (its hooks are the
 * model's, and may evaluate the others to learn what they read): sound, and the same reduction as
 * with every property checked.
 */
import { LoadError, UsageError } from './errors.ts';
import { COMPILE, type Checkable, type Compiled } from './model.ts';
import { compile } from './compile.ts';

/** The properties of c named in `names` (in the model's order); an unknown name is a usage error listing the model's. */
export function selectProperties(c: Compiled, names: readonly string[]): Compiled {
  const known = new Set(c.properties.map((p) => p.name));
  for (const n of names) {
    if (!known.has(n)) {
      const list = c.properties.map((p) => `'${p.name}'`).join(', ');
      throw new UsageError(`--property '${n}': ${c.name} has no property of that name (${list ? `its properties: ${list}` : 'it has none'})`);
    }
  }
  const wanted = new Set(names);
  const properties = c.properties.filter((p) => wanted.has(p.name));
  // The compiled model's own fields and methods (own, as in c: code that spreads a compiled model
  // keeps them), its prototype, and the property list replaced.
  return Object.create(Object.getPrototypeOf(c), { ...Object.getOwnPropertyDescriptors(c), properties: { value: properties, enumerable: true } }) as Compiled;
}

/** A model that compiles to `model` with only the named properties; `skipped()` names the others once it has been compiled. */
export type Selected = { readonly [COMPILE]: () => Compiled; readonly name?: string; skipped(): readonly string[] | undefined };

/** `model`, checking only the properties named (compiled lazily: the names are checked when it is). */
export function withProperties(model: Checkable, names: readonly string[]): Selected {
  let skipped: string[] | undefined;
  const selected = Object.create(model) as Selected;
  Object.defineProperty(selected, COMPILE, {
    value: (): Compiled => {
      const c = compile(model);
      const s = selectProperties(c, names);
      skipped = c.properties.filter((p) => !s.properties.includes(p)).map((p) => p.name);
      return s;
    },
  });
  Object.defineProperty(selected, 'skipped', { value: () => skipped });
  return selected;
}

/** A witness left out at these parameters, and why it cannot occur there. */
export interface RuledOut {
  readonly name: string;
  readonly reason: string;
}

/**
 * `model` without the witnesses its definition rules out at these parameters (a `sometimes`
 * property that cannot occur in so small an instance, e.g. a hold-back with one multicast per
 * sender): they are not checked, so a correct model is not failed for them, and the report names
 * them with their reasons. An entry naming no `sometimes` property of the model is an error.
 */
export function withoutWitnesses(model: Checkable, ruledOut: readonly RuledOut[]): Checkable {
  const names = new Set(ruledOut.map((r) => r.name));
  const without = Object.create(model) as Checkable;
  Object.defineProperty(without, COMPILE, {
    value: (): Compiled => {
      const c = compile(model);
      for (const n of names) {
        if (!c.properties.some((p) => p.name === n && p.kind === 'sometimes')) throw new LoadError(`${c.name}'s definition rules out '${n}', which is not one of its sometimes properties`);
      }
      const properties = c.properties.filter((p) => !names.has(p.name));
      return Object.create(Object.getPrototypeOf(c), { ...Object.getOwnPropertyDescriptors(c), properties: { value: properties, enumerable: true } }) as Compiled;
    },
  });
  return without;
}
