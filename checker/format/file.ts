/**
 * The trace file: the JSON that `interleave check --format json` writes and that `interleave
 * trace` and `interleave replay` read. It is the in-memory `Trace` (checker/trace.ts) with its
 * values in ITF encoding (./codec.ts), plus what replay needs to rebuild the model: the model's
 * name (or file) and its parameters.
 *
 * The JSON Schema spec/schema/trace.schema.json is generated from `TraceFile` by
 * typescript-json-schema (`npx tsx spec/schema/generate.ts`); a test fails when they drift apart.
 * This file holds types only, so that the generator compiles nothing else.
 */
import type { PropertyKind, StepLabel } from '../model.ts';
import type { Change, TraceKind, TraceStep } from '../trace.ts';

/** A value in ITF encoding (Apalache ADR-015): numbers, strings, booleans, lists, records, `#bigint`, `#tup`, `#set`, `#map`, `#unserializable`. */
export type EncodedValue = unknown;

/** Model parameters by name (integers). */
export interface TraceFileParams {
  [name: string]: number;
}

/** A message sent in a step. */
export interface TraceFileSend {
  /**
   * The receiver.
   * @TJS-type integer
   * @minimum 0
   */
  to: number;
  msg: EncodedValue;
}

/** A field a step changed; `before` or `after` is absent when the field was added or removed. */
export interface TraceFileChange {
  /** The field: `P1.mode`, `P0→P2`, `rmState[1]`. */
  path: string;
  before?: EncodedValue;
  after?: EncodedValue;
}

/** One step: who did what, the structured detail protocol systems give, the changes and the state after it. */
export interface TraceFileStep {
  /**
   * 1-based step number.
   * @TJS-type integer
   * @minimum 1
   */
  index: number;
  /** The process (`P0`…), an actor of a generic model (`TM`), or `env`. */
  actor: string;
  /** What it did, in words. */
  action: string;
  kind?: 'local' | 'receive' | 'duplicate' | 'lose' | 'crash';
  /**
   * The process that took the step (for `lose`, the receiver that missed the message; for `crash`, the one that crashed).
   * @TJS-type integer
   * @minimum 0
   */
  process?: number;
  /** Its role, in a system of several roles. */
  role?: string;
  /** The local action's name, or the delivered message's type. */
  name?: string;
  /**
   * For `receive`, `duplicate` and `lose`: the sender.
   * @TJS-type integer
   * @minimum 0
   */
  from?: number;
  /** For `receive`, `duplicate` and `lose`: the message. */
  msg?: EncodedValue;
  /** Messages sent in this step. */
  sent?: TraceFileSend[];
  /** Application messages this step multicasts (as the protocol declares them). */
  multicasts?: EncodedValue[];
  /** Application messages this step delivers (as the protocol declares them); a receipt without it is held back. */
  delivered?: EncodedValue[];
  changes: TraceFileChange[];
  /** The whole state after the step. */
  state: EncodedValue;
}

/** The property a trace violates or witnesses. */
export interface TraceFileProperty {
  name: string;
  kind: 'always' | 'sometimes' | 'quiescent' | 'eventually' | 'leadsTo' | 'infinitelyOften';
  /**
   * For a liveness property checked once per instance (e.g. per process): which one fails.
   * @TJS-type integer
   * @minimum 0
   */
  instance?: number;
  /** The failing instance's name, as the property gives it (e.g. `P1`, the process). */
  instanceName?: string;
}

/** A saved counterexample (or witness). */
export interface TraceFile {
  format: 'interleave-trace';
  /** Version of this file format. */
  version: 1;
  /** The model's name: a bundled model, or the name of the model in `source`. */
  model: string;
  /** For a model loaded from a file: its path, relative to the directory of this trace file. */
  source?: string;
  /** The parameters the model was built with. */
  params: TraceFileParams;
  kind: 'violation' | 'deadlock' | 'witness';
  /** The property violated (or witnessed); absent for a deadlock. */
  property?: TraceFileProperty;
  initial: EncodedValue;
  steps: TraceFileStep[];
  /**
   * A lasso (liveness counterexample): the index of the state the last step returns to (0 the
   * initial state, k the state after step k); the steps after it repeat for ever.
   * @TJS-type integer
   * @minimum 0
   */
  loop?: number;
  /**
   * The fairness a liveness counterexample was found under, when not the model's declared one
   * (`check --fairness weak|strong|none`): replay checks the cycle against it.
   */
  fairness?: 'none' | 'weak' | 'strong';
  /** Why the last state violates the property (or why no step is enabled, for a deadlock), in the property's terms. */
  reason?: string;
  /** What diagrams shade on the process lines: during[k][p] after step k (0: the initial state), e.g. the critical section. */
  shade?: TraceFileShade;
  /** Fields of the states that no process keeps (the engine's ground truth, such as `vt`, and the observers' ghosts). */
  ground?: TraceFileGround;
}

/** Ground-truth field names: inside each process's state, and at the top level. */
export interface TraceFileGround {
  process: string[];
  global: string[];
}

/** A shaded predicate per process and step. */
export interface TraceFileShade {
  label: string;
  during: boolean[][];
}

// Compile-time checks that the file type follows the in-memory types it is written from.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type _KindsAgree = Assert<Same<TraceFile['kind'], TraceKind>>;
export type _PropertyKindsAgree = Assert<Same<TraceFileProperty['kind'], PropertyKind>>;
export type _StepKindsAgree = Assert<Same<TraceFileStep['kind'], StepLabel['kind']>>;
export type _StepFieldsAgree = Assert<Same<keyof TraceFileStep, keyof TraceStep>>;
export type _ChangeFieldsAgree = Assert<Same<keyof TraceFileChange, keyof Change>>;
