/** Specs from tlaplus/Examples, ported one action per TLA+ operator, with TLC's counts. */
import type { ModelDefinition } from 'interleave';
import asyncTerminationDetection from './async-termination-detection.ts';
import asyncTerminationDetectionIgnoresPending from './async-termination-detection-ignores-pending.ts';

export const tlaModels = [asyncTerminationDetection, asyncTerminationDetectionIgnoresPending] as unknown as readonly ModelDefinition[];
