/** The multicast family (models are added here as they land). */
import type { ModelDefinition } from 'interleave';

export const multicastModels = [] as unknown as readonly ModelDefinition[];
