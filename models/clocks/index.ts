/** Logical clocks: Lamport clocks and vector clocks, judged against the engine's ground-truth happens-before. */
import type { ModelDefinition } from 'interleave';
import lamportClocks from './lamport-clocks.ts';
import * as m from './mutants.ts';
import vectorClocks from './vector-clocks.ts';

export const clocksModels = [
  lamportClocks,
  m.lamportClocksNoMax,
  m.lamportClocksNoIncrement,
  vectorClocks,
  m.vectorClocksNoMerge,
  m.vectorClocksSenderEntryOnly,
  m.vectorClocksNoSendTick,
  m.vectorClocksDoubleTick,
] as unknown as readonly ModelDefinition[];
