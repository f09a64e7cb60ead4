/** The bundled models, family by family, in the order `interleave list` shows them. */
import type { ModelDefinition } from 'interleave';
import { clocksModels } from './clocks/index.ts';
import { commitModels } from './commit/index.ts';
import { consensusModels } from './consensus/index.ts';
import { electionModels } from './election/index.ts';
import { multicastModels } from './multicast/index.ts';
import { mutexModels } from './mutex/index.ts';
import { replicationModels } from './replication/index.ts';
import { snapshotModels } from './snapshot/index.ts';

export const models: readonly ModelDefinition[] = [...commitModels, ...clocksModels, ...snapshotModels, ...multicastModels, ...mutexModels, ...electionModels, ...consensusModels, ...replicationModels];

export default models;
