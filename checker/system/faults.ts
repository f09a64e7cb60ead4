/**
 * Faults: crash-stop. A crash is an environment step that stops one live process for good; at most
 * `budget` processes crash in a run. Two slots of the state vector: the mask of crashed processes
 * and how many have crashed. A crashed process takes no step and receives nothing.
 */
export interface Faults {
  /** Slots this module uses in the state vector (0 when no crash is allowed). */
  readonly slots: number;
  /** The mask of crashed processes in v (bit p: p crashed). */
  crashedMask(v: Int32Array): number;
  /** More crashes are allowed in v. */
  mayCrash(v: Int32Array): boolean;
  /** Writes into out (a copy of v) the crash of p. */
  crash(out: Int32Array, p: number): void;
}

/** Crash-stop of at most `budget` processes, in slots at..at+1. */
export function crashStop(budget: number, at: number): Faults {
  if (budget === 0) return { slots: 0, crashedMask: () => 0, mayCrash: () => false, crash: () => { throw new Error('internal: no crash allowed'); } };
  return {
    slots: 2,
    crashedMask: (v) => v[at],
    mayCrash: (v) => v[at + 1] < budget,
    crash(out, p) {
      out[at] |= 1 << p;
      out[at + 1]++;
    },
  };
}
