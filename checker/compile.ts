/** Turns anything the explorer accepts into its compiled, integer-vector form. */
import { compileModel } from './generic.ts';
import { COMPILE, type Checkable, type Compiled, type Model } from './model.ts';

/** The compiled form of a generic model or of a system that compiles itself. */
export function compile(m: Checkable): Compiled {
  const self = (m as { [COMPILE]?: () => Compiled })[COMPILE];
  return self ? self.call(m) : compileModel(m as Model<unknown, unknown>);
}
