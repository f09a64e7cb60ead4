/**
 * Why a system is stuck: the sentence reported with a deadlock ("no step is enabled: P1 is not at
 * rest (mode=WANT, oks=1) and nothing is in flight to it"). Used by `system.ts` only when a
 * deadlock is reported, never during the search.
 */
import { show } from './trace.ts';

/** What the sentence is made from: per process, whether it is crashed, at rest, and what work it has left. */
export interface StuckInput {
  readonly n: number;
  readonly procs: readonly unknown[];
  readonly crashed: readonly boolean[];
  /** Per process: the protocol's isDone (true where the protocol has none). */
  readonly atRest: readonly boolean[];
  /** Per process: workload actions not yet used up, as `request 1/2`. */
  readonly workLeft: readonly (readonly string[])[];
  /** channels[from][to]: messages in flight. */
  readonly channels: readonly (readonly (readonly unknown[])[])[];
}

/** A local state in one short line (records without bulky engine fields). */
function brief(s: unknown): string {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return show(s);
  const o = s as Record<string, unknown>;
  const text = Object.entries(o)
    .filter(([k]) => k !== 'used' && k !== 'vt' && k !== 'sent')
    .map(([k, x]) => `${k}=${show(x)}`)
    .join(', ');
  return text.length > 160 ? text.slice(0, 157) + '…' : text;
}

/** The sentence for a deadlocked state. */
export function stuckReason(g: StuckInput): string {
  const parts: string[] = [];
  for (let p = 0; p < g.n; p++) {
    if (g.crashed[p]) continue;
    const why: string[] = [];
    if (!g.atRest[p]) why.push(`is not at rest (${brief(g.procs[p])})`);
    if (g.workLeft[p].length) why.push(`has work left (${g.workLeft[p].join(', ')}) that no guard enables`);
    if (!why.length) continue;
    const waiting = [];
    for (let q = 0; q < g.n; q++) if (q !== p && g.channels[q][p].length) waiting.push(`P${q}→P${p} ${show(g.channels[q][p])}`);
    parts.push(`P${p} ${why.join(' and ')}${waiting.length ? '' : ', and nothing is in flight to it'}`);
  }
  const dead: string[] = [];
  for (let f = 0; f < g.n; f++) for (let t = 0; t < g.n; t++) if (f !== t && g.crashed[t] && g.channels[f][t].length) dead.push(`P${f}→P${t}`);
  const crashed = g.crashed.flatMap((c, p) => (c ? [`P${p}`] : []));
  if (crashed.length) parts.push(`${crashed.join(', ')} crashed${dead.length ? ` (messages to it left in ${dead.join(', ')})` : ''}`);
  return `no step is enabled: ${parts.length ? parts.join('; ') : 'every process is at rest, but the model does not call this a proper end'}`;
}
