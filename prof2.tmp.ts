import { explore, resolveParams } from 'interleave';
import def from '/work/wt-liveness/models/mutex/token-ring.ts';
const m = def.build(resolveParams(def, { n: Number(process.argv[2] ?? 14), entries: 0 }));
const t = performance.now();
const r = explore(m, { liveness: true });
console.log(r.verdict, ((performance.now() - t) / 1000).toFixed(2), r.seconds);
