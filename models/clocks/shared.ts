/** What the two clock models and their mutants share: parameters and network (their pinned counts are in models/manifest.json). */
export const clockModel = {
  params: {
    n: { default: 3, min: 2, max: 4, description: 'number of processes' },
    events: { default: 1, min: 1, max: 4, description: 'internal events and sends per process (receives come on top)' },
  },
  // Both clock models have the same counts: a process's clock is a function of its causal
  // history, which the engine already keeps in the state.
  network: 'unordered',
} as const;
