import { explore, system, unordered } from 'interleave';
import { totalOrderLamport } from './src/multicast/lamport.ts';
import { declaringDeliveries } from './src/multicast/holdback.ts';
import { claimed } from './models/multicast/systems.ts';
const [m, s, limit] = process.argv.slice(2).map(Number);
const r = explore(system({ protocol: declaringDeliveries(totalOrderLamport({ multicasts: m, senders: s })), n: 3, network: unordered, properties: claimed(['causal order']), causality: true }), { timeLimit: limit });
console.log(`lamport n=3 multicasts=${m} senders=${s}:`, r.verdict, r.distinctStates, r.seconds.toFixed(1), r.reason ?? '', r.counterexample?.steps.length ?? '');
