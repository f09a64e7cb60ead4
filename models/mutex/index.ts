/** Distributed mutual exclusion. */
import type { ModelDefinition } from 'interleave';
import ricartAgrawala from './ricart-agrawala.ts';
import ricartAgrawalaNoTiebreak from './ricart-agrawala-no-tiebreak.ts';

export const mutexModels = [ricartAgrawala, ricartAgrawalaNoTiebreak] as unknown as readonly ModelDefinition[];
