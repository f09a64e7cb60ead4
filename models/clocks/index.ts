/** Logical clocks: Lamport clocks and vector clocks, judged against the engine's ground-truth happens-before. */
import type { ModelDefinition } from 'interleave';
import lamportClocks from './lamport-clocks.ts';
import lamportClocksNoIncrement from './lamport-clocks-no-increment.ts';
import lamportClocksNoMax from './lamport-clocks-no-max.ts';
import vectorClocks from './vector-clocks.ts';
import vectorClocksNoMerge from './vector-clocks-no-merge.ts';
import vectorClocksNoSendTick from './vector-clocks-no-send-tick.ts';

export const clocksModels = [
  lamportClocks,
  lamportClocksNoMax,
  lamportClocksNoIncrement,
  vectorClocks,
  vectorClocksNoMerge,
  vectorClocksNoSendTick,
] as unknown as readonly ModelDefinition[];
