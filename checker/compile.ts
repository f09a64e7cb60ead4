/** Turns anything the explorer accepts into its compiled, integer-vector form. */
import { ModelError } from './errors.ts';
import { compileModel } from './generic.ts';
import { COMPILE, type Checkable, type Compiled, type Model } from './model.ts';

/** The compiled form of a generic model or of a system that compiles itself (a compiled model is returned as it is). */
export function compile(m: Checkable | Compiled): Compiled {
  if (isCompiled(m)) return m;
  const self = (m as { [COMPILE]?: () => Compiled })[COMPILE];
  const c = self ? self.call(m) : compileModel(m as Model<unknown, unknown>);
  uniqueNames(c);
  return c;
}

/**
 * Properties are known by name (in reports, traces, `--property`, replay): two of one name would
 * be reported as one, the first holding reported violated with the second, and a trace of one
 * replayed against the other.
 */
function uniqueNames(c: Compiled): void {
  const seen = new Set<string>();
  for (const p of c.properties) {
    if (seen.has(p.name)) throw new ModelError(`two properties are named '${p.name}': give each its own name (reports, traces and --property know them by it)`, 'properties');
    seen.add(p.name);
  }
}

/** Is m already compiled (as the interactive explorer passes it, to keep its interned numbers)? */
export function isCompiled(m: unknown): m is Compiled {
  return typeof m === 'object' && m !== null && typeof (m as Compiled).expand === 'function' && typeof (m as Compiled).width === 'number';
}
