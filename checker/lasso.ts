/**
 * Checks a replayed liveness counterexample: that a lasso's cycle closes, that the property fails
 * along it (p held, and q never after), that the cycle is fair under the model's declared
 * fairness, or that a stuck path ends where no step leads on (a proper end too, and a state on the
 * model's boundary: the run stays there for ever, as TLC lets it stutter).
 */
import type { Compiled, LivenessKind } from './model.ts';
import { resolveFairness } from './liveness.ts';

/** Undefined when the trace shows the violation; else why not, in words. */
export function checkLasso(c: Compiled, trace: { readonly loop?: number; readonly fairness?: 'none' | 'weak' | 'strong'; readonly property?: { readonly name: string; readonly kind: string; readonly instance?: number } }, states: readonly Int32Array[], path: readonly number[], successors: (v: Int32Array) => number): string | undefined {
  const name = trace.property?.name ?? '';
  const p = c.properties.find((x) => x.name === name);
  if (!p) return `the model has no property '${name}' (properties: ${c.properties.map((x) => x.name).join(', ') || 'none'})`;
  if (p.kind !== trace.property?.kind) return `'${name}' is now a ${p.kind} property, not ${trace.property?.kind}`;
  const kind = p.kind as LivenessKind;
  const i = trace.property?.instance ?? 0;
  const m = states.length - 1;
  const loop = trace.loop;
  const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((x, k) => x === b[k]);
  if (loop !== undefined) {
    if (!same(states[m], states[loop])) return `the cycle does not close: the state after step ${m} is not the state ${loop === 0 ? 'at the start' : `after step ${loop}`}`;
  } else if (successors(states[m]) !== 0 && (c.within === undefined || c.within(states[m]))) return 'the path is not stuck at its end (a step is enabled)';
  const q = (v: Int32Array): boolean => (kind === 'leadsTo' ? (p.leadsTo as (v: Int32Array, i: number) => boolean)(v, i) : p.holds(v, i));
  // The states that must all be ¬q: from the state where p held (the first one that works) to the end, the cycle included.
  const from = kind === 'eventually' ? 0 : kind === 'infinitelyOften' ? (loop ?? m) : -1;
  let ok = false;
  if (from >= 0) ok = states.slice(Math.min(from, loop ?? from)).every((v) => !q(v));
  else {
    for (let j = 0; j <= m && !ok; j++) if (p.holds(states[j], i) && !q(states[j])) ok = states.slice(Math.min(j, loop ?? j)).every((v) => !q(v));
  }
  if (!ok) return kind === 'leadsTo' ? `no state of the trace has p after which q never holds` : `the property holds along the trace`;
  if (loop === undefined) return undefined;
  // Fairness of the cycle: as the model declares it, or as the search assumed (--fairness).
  const groups = new Int32Array(1 << 16);
  const perState: Int32Array[] = [];
  for (let k = loop; k < m; k++) {
    const n = c.fairness ? c.fairness.groups(states[k], groups) : 0;
    perState.push(groups.slice(0, n));
  }
  let top = 1;
  for (const g of perState) for (const x of g) if (x >= top) top = x + 1;
  const gf = resolveFairness(c, top, trace.fairness ?? 'declared');
  const taken = new Set<number>();
  for (let k = loop; k < m; k++) {
    const g = perState[k - loop];
    const label = path[k + 1];
    if (label < g.length) taken.add(g[label]);
  }
  for (let g = 1; g < top; g++) {
    if (gf[g] === 0 || taken.has(g)) continue;
    const enabledAt = perState.filter((x) => x.includes(g)).length;
    const groupName = c.fairness?.group(g).name ?? `group ${g}`;
    const under = trace.fairness !== undefined ? ` (under --fairness ${trace.fairness})` : '';
    if (gf[g] === 2 && enabledAt > 0) return `the cycle is not fair${under}: ${groupName} (strong) is enabled on it and never taken`;
    if (gf[g] === 1 && enabledAt === perState.length) return `the cycle is not fair${under}: ${groupName} (weak) stays enabled on it and is never taken`;
  }
  return undefined;
}
