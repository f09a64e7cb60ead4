/** Turns anything the explorer accepts into its compiled, integer-vector form. */
import { compileModel } from './generic.ts';
import { COMPILE, type Checkable, type Compiled, type Model } from './model.ts';

/** The compiled form of a generic model or of a system that compiles itself (a compiled model is returned as it is). */
export function compile(m: Checkable | Compiled): Compiled {
  if (isCompiled(m)) return m;
  const self = (m as { [COMPILE]?: () => Compiled })[COMPILE];
  return self ? self.call(m) : compileModel(m as Model<unknown, unknown>);
}

/** Is m already compiled (as the interactive explorer passes it, to keep its interned numbers)? */
export function isCompiled(m: unknown): m is Compiled {
  return typeof m === 'object' && m !== null && typeof (m as Compiled).expand === 'function' && typeof (m as Compiled).width === 'number';
}
