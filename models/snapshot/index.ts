/** The snapshot family (models are added here as they land). */
import type { ModelDefinition } from 'interleave';

export const snapshotModels = [] as unknown as readonly ModelDefinition[];
