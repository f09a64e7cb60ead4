/** Logical clocks: Lamport scalar clocks and vector clocks. */
export * from './lamport.ts';
export * from './vector.ts';
