/** Process groups and ordered multicast: the shared hold-back mechanism and the protocols built on it. */
export * from './holdback.ts';
export * from './fifo.ts';
export * from './causal.ts';
export * from './sequencer.ts';
export * from './token.ts';
export * from './lamport.ts';
export * from './group.ts';
export * from './workload.ts';
export * from './fifo-transport.ts';
