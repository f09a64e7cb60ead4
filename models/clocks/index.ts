/** The clocks family (models are added here as they land). */
import type { ModelDefinition } from 'interleave';

export const clocksModels = [] as unknown as readonly ModelDefinition[];
