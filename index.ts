/**
 * interleave: the public API, in one place.
 */
export { always, sometimes, atQuiescence, alwaysNot, atQuiescenceNot, defaultReason, eventually, leadsTo, infinitelyOften, eachProcess, isLiveness, stable, readsLocal, COMPILE, DETERMINISM_CHECKS } from './checker/model.ts';
export type { Model, Property, PropertyKind, LivenessKind, LivenessOptions, Fairness, CompiledFairness, StepLabel, Compiled, CompiledProperty, Checkable } from './checker/model.ts';
export { actionModel, over, exists, plainModel } from './checker/actions.ts';
export type { ActionSpec, ActionModel, ActionFamily, ActionStep, Action, Update, Memoise, PlainStep } from './checker/actions.ts';
export { explore, explore as check, exitCodeOf } from './checker/explore.ts';
export type { ExploreOptions, Report, Verdict, Strategy, PropertyReport, PropertyStatus, Progress } from './checker/explore.ts';
export { compile } from './checker/compile.ts';
export { keyOf, deepFreeze, equalValues, equalData, setAdd, setHas, setOf, setRemove, emptySet, except, exceptAt, compareValues, isValueSet } from './checker/values.ts';
export type { ValueSet } from './checker/values.ts';
export { formatTrace, rebuildTrace, diff, show } from './checker/trace.ts';
export type { Trace, TraceStep, TraceKind, Change } from './checker/trace.ts';
export { ExitCode, InterleaveError, ModelError, LoadError, UsageError } from './checker/errors.ts';
export { system, fifo, unordered } from './checker/system/index.ts';
export { happensBefore, concurrent, ghostOf, messageCounter } from './checker/system/index.ts';
export type { System, SystemSpec, Network, GlobalState, Event, Role, Observer, Observed } from './checker/system/index.ts';
export { send, multicast, step, contextOf, layer } from './src/protocol.ts';
export type { Protocol, Message, Context, Send, Step, LocalAction, Handlers, LayerSpec, LayerEvent } from './src/protocol.ts';
export { defineModel, resolveParams, formatParams, isDefinition, expectedExitCode, expectationProblems, ruledOutAt } from './checker/definition.ts';
export type { ModelDefinition, ParamSpec, Expectation, Pinned } from './checker/definition.ts';
export { reductionOptions, reductionFlags, type ReductionName } from './checker/reduce/names.ts';
export { render, writeAtomically, FORMATS, parseFormat } from './checker/format/index.ts';
export type { Format, RenderInput } from './checker/format/index.ts';
export { readTrace, parseTrace } from './checker/format/read.ts';
export type { LoadedTrace } from './checker/format/read.ts';
export { traceFileOf, traceOfFile } from './checker/format/tracefile.ts';
export type { ModelRef } from './checker/format/tracefile.ts';
export type { TraceFile } from './checker/format/file.ts';
export { spaceTime, cutOf } from './checker/format/spacetime.ts';
export { stateGraph, toDot } from './checker/format/dot.ts';
export { replay, ReplayExit } from './checker/replay.ts';
export type { ReplayResult } from './checker/replay.ts';
export { minimise } from './checker/minimise.ts';
export type { MinimiseResult } from './checker/minimise.ts';
