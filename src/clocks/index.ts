/** Logical clocks: Lamport scalar clocks and vector clocks, and processes that keep them. */
export * from './lamport.ts';
export * from './vector.ts';
export * from './lamport-process.ts';
export * from './vector-process.ts';
