/** placeholder filled below */
import type { ModelDefinition } from 'interleave';

export const consensusModels = [] as unknown as readonly ModelDefinition[];
