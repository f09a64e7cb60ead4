/**
 * The whole state graph of a small model in Graphviz DOT: every reachable state (by breadth-first
 * search over the compiled model) with every step between them, initial states drawn bold, states
 * that violate an invariant red, states with no step (deadlocks, or proper ends) as boxes, and the
 * steps of a trace, when one is given, highlighted. Models above a size limit are refused with one
 * line: a picture of thousands of states helps nobody.
 */
import { compile } from '../compile.ts';
import { UsageError } from '../errors.ts';
import type { Checkable } from '../model.ts';
import { show, type Trace } from '../trace.ts';
import { stateKeyOf } from '../replay.ts';
import { stepCount } from './svg.ts';

/** Default largest number of states drawn. */
export const DOT_STATE_LIMIT = 2_000;

export interface StateGraph {
  readonly name: string;
  /** States as plain data, initial states first, in BFS order. */
  readonly states: readonly unknown[];
  readonly initial: readonly number[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label: string }[];
  /** For each state, the `always` properties it violates. */
  readonly violates: readonly (readonly string[])[];
  /** States with no successor, and whether each is a proper end. */
  readonly terminal: ReadonlyMap<number, 'end' | 'deadlock'>;
  /** Canonical text of a state, for finding a trace's states in the graph. */
  readonly key: (state: unknown) => string;
}

/** Every reachable state and step, by BFS; throws a UsageError above `limit` states. */
export function stateGraph(model: Checkable, limit = DOT_STATE_LIMIT): StateGraph {
  const c = compile(model);
  const ids = new Map<string, number>();
  const vectors: Int32Array[] = [];
  const initial: number[] = [];
  const add = (v: Int32Array): number => {
    const k = v.join(',');
    let id = ids.get(k);
    if (id === undefined) {
      id = vectors.length;
      if (id >= limit) {
        throw new UsageError(`the state graph of ${c.name} has more than ${limit.toLocaleString('en-US')} states: --format dot is for small models (choose smaller --param values)`);
      }
      ids.set(k, id);
      vectors.push(v.slice());
    }
    return id;
  };
  c.initial((v) => initial.push(add(v)));
  const edges: { from: number; to: number; label: string }[] = [];
  const terminal = new Map<number, 'end' | 'deadlock'>();
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    if (c.within && !c.within(v)) continue;
    const succ: [number, number][] = [];
    c.expand(v, (s, label) => succ.push([label, add(s)]));
    for (const [label, to] of succ) {
      const d = c.describe(v, label);
      edges.push({ from: i, to, label: d.actor === 'env' ? d.action : `${d.actor} ${d.action}` });
    }
    if (succ.length === 0) terminal.set(i, c.isEnd(v) ? 'end' : 'deadlock');
  }
  const always = c.properties.filter((p) => p.kind === 'always');
  return {
    name: c.name,
    states: vectors.map((v) => c.decode(v)),
    initial,
    edges,
    violates: vectors.map((v) => always.filter((p) => !p.holds(v)).map((p) => p.name)),
    terminal,
    key: stateKeyOf(model),
  };
}

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

/** A state as a few lines: one per field for a record. */
function stateText(s: unknown): string {
  if (typeof s === 'object' && s !== null && !Array.isArray(s) && !(s instanceof Set) && !(s instanceof Map)) {
    return Object.entries(s as Record<string, unknown>).map(([k, v]) => `${k}: ${show(v)}`).join('\n');
  }
  return show(s);
}

/** The DOT text of a state graph; the states and steps of `trace`, if given, are highlighted. */
export function toDot(g: StateGraph, trace?: Trace): string {
  const byKey = new Map(g.states.map((s, i) => [g.key(s), i]));
  const onTrace = new Set<number>();
  const traceEdges = new Set<string>();
  if (trace) {
    let prev = byKey.get(g.key(trace.initial));
    if (prev !== undefined) onTrace.add(prev);
    for (const s of trace.steps) {
      const cur = byKey.get(g.key(s.state));
      if (cur === undefined) break;
      onTrace.add(cur);
      if (prev !== undefined) traceEdges.add(`${prev}>${cur}`);
      prev = cur;
    }
  }
  const lines = [`digraph ${quote(g.name)} {`, '  rankdir=TB;', '  node [shape=ellipse, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  lines.push(`  label=${quote(`${g.name}: ${g.states.length} ${g.states.length === 1 ? 'state' : 'states'}, ${stepCount(g.edges.length)}${trace ? `; highlighted: the trace (${stepCount(trace.steps.length)})` : ''}`)}; labelloc=t;`);
  g.states.forEach((s, i) => {
    const attrs = [`label=${quote(stateText(s))}`];
    const t = g.terminal.get(i);
    if (t) attrs.push('shape=box');
    // The initial state is drawn thick; on the trace, thicker (one penwidth: DOT takes the last of two).
    if (g.initial.includes(i) && !onTrace.has(i)) attrs.push('penwidth=2.5');
    if (g.violates[i].length) attrs.push('style=filled', 'fillcolor="#f8c7c7"', `tooltip=${quote(`violates ${g.violates[i].join(', ')}`)}`);
    else if (t === 'deadlock') attrs.push('style=filled', 'fillcolor="#fde0b0"', 'tooltip="deadlock"');
    if (onTrace.has(i)) attrs.push('color="#ff8f00"', 'penwidth=3');
    lines.push(`  s${i} [${attrs.join(', ')}];`);
  });
  for (const e of g.edges) {
    const hot = traceEdges.has(`${e.from}>${e.to}`);
    lines.push(`  s${e.from} -> s${e.to} [label=${quote(e.label)}${hot ? ', color="#ff8f00", penwidth=3' : ''}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
