/**
 * A trace as a ShiViz log (https://bestchai.bitbucket.io/shiviz/): the first line is the parsing
 * regular expression, the second the (empty) multiple-executions delimiter, then one event per
 * line: the process, its vector clock as JSON (the processes it has heard of, its own entry first;
 * each process's own entry counts its events from 1), and the event in words. Clocks come from
 * ./spacetime.ts: the engine's ground truth where the system tracks causality.
 *
 * A host name is one word without braces (the regex takes the host up to the first space and the
 * clock up to the first `}`): an actor named `Resource Manager {1}` is the host
 * `Resource_Manager__1_` (each space and brace becomes `_`); should two actors then have the same
 * name, the later gets `_2` (`_3`, …) appended.
 */
import type { Trace } from '../trace.ts';
import { spaceTime } from './spacetime.ts';
import { traceHeading } from './svg.ts';

/** The parsing regular expression on the log's first line (ShiViz's named-group syntax). */
export const SHIVIZ_REGEX = String.raw`^(?<host>\S+) (?<clock>\{[^}]*\}) (?<event>.*)$`;

/** One host name per process, each a word without braces, all distinct (see above). */
export function shivizHosts(processes: readonly string[]): string[] {
  const safe = (name: string): string => name.replace(/[\s{}]/g, '_') || '_';
  const hosts: (string | undefined)[] = processes.map((p) => (safe(p) === p ? p : undefined));
  const used = new Set(hosts.filter((h) => h !== undefined));
  return processes.map((p, i) => {
    const given = hosts[i];
    if (given !== undefined) return given;
    const base = safe(p);
    let host = base;
    for (let k = 2; used.has(host); k++) host = `${base}_${k}`;
    used.add(host);
    return host;
  });
}

const DUPLICATE_NOTE = '(a duplicate stays in flight)';

/** The ShiViz log of a trace. */
export function toShiViz(trace: Trace): string {
  const st = spaceTime(trace);
  const hosts = shivizHosts(st.processes);
  const lines = [SHIVIZ_REGEX, ''];
  const lastEvent = st.events.length - 1;
  for (const e of st.events) {
    const host = hosts[e.process];
    const clock: Record<string, number> = { [host]: e.vt[e.process] };
    e.vt.forEach((x, i) => {
      if (x > 0 && i !== e.process) clock[hosts[i]] = x;
    });
    let text = `step ${e.step}: ${e.text}`;
    // The system's action text says it already (`receives PING from P0 (a duplicate stays in flight)`).
    if (e.kind === 'duplicate' && !e.text.includes(DUPLICATE_NOTE)) text += ` ${DUPLICATE_NOTE}`;
    const sends = e.sent.map((id) => st.messages[id]);
    if (sends.length) text += `; sends ${sends.map((m) => `${m.text} to ${hosts[m.to]}${m.lostAt !== undefined ? ` (lost in step ${m.lostAt})` : ''}`).join(', ')}`;
    if (e.id === lastEvent) text += trace.kind === 'witness' ? ` [witness: ${trace.property?.name}]` : ` [${traceHeading(trace)}]`;
    lines.push(`${host} ${JSON.stringify(clock)} ${text.replace(/[\r\n]+/g, ' ')}`);
  }
  return lines.join('\n') + '\n';
}
