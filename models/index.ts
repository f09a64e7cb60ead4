/** The bundled models, family by family, in the order `interleave list` shows them. */
import type { ModelDefinition } from 'interleave';
import { clocksModels } from './clocks/index.ts';
import { commitModels } from './commit/index.ts';
import { multicastModels } from './multicast/index.ts';
import { mutexModels } from './mutex/index.ts';
import { snapshotModels } from './snapshot/index.ts';
import { tlaModels } from './tla/index.ts';

export const models: readonly ModelDefinition[] = [...commitModels, ...clocksModels, ...snapshotModels, ...multicastModels, ...mutexModels, ...tlaModels];

export default models;
