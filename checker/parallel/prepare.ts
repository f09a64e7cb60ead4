/**
 * The model compiled once, for a search that may run in parallel. The CLI must compile the model
 * to decide how many threads to use (a model with liveness properties, or one that tracks
 * causality, is searched in one thread); compiling it a second time for the search made the main
 * thread's search code slower: the model's functions had run on the objects of the first compile
 * (its determinism checks) and V8 optimised them for both, so call sites that saw one function per
 * compile saw two (RA n=4 to 3 million states, main thread alone: 1.4x the CPU of one compile).
 * So the model is compiled once, with its interned values shared (checker/parallel/interning.ts),
 * and that compile is the search's, in parallel or, detached, in one thread.
 */
import { compile } from '../compile.ts';
import type { Checkable, Compiled } from '../model.ts';
import { shareInterning } from '../values.ts';
import { SharedInterning, newInterningBuffers } from './interning.ts';

export interface Prepared {
  readonly compiled: Compiled;
  readonly sharing: SharedInterning;
}

/** Compiles `model` with its interning shared, ready for exploreParallel (or `unshared`). */
export function compileShared(model: Checkable): Prepared {
  const sharing = new SharedInterning(newInterningBuffers());
  shareInterning(sharing);
  try {
    return { compiled: compile(model), sharing };
  } finally {
    shareInterning(undefined);
  }
}

/** The compiled model of `p` for a search in one thread: its interners number values themselves again. */
export function unshared(p: Prepared): Compiled {
  p.sharing.detach();
  return p.compiled;
}
