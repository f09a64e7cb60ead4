/** placeholder filled below */
import type { ModelDefinition } from 'interleave';

export const replicationModels = [] as unknown as readonly ModelDefinition[];
