/**
 * A trace as a ShiViz log (https://bestchai.bitbucket.io/shiviz/): the first line is the parsing
 * regular expression, the second the (empty) multiple-executions delimiter, then one event per
 * line: the process, its vector clock as JSON (the processes it has heard of, its own entry first;
 * each process's own entry counts its events from 1), and the event in words. Clocks come from
 * ./spacetime.ts: the engine's ground truth where the system tracks causality.
 */
import type { Trace } from '../trace.ts';
import { spaceTime } from './spacetime.ts';
import { traceHeading } from './svg.ts';

/** The parsing regular expression on the log's first line (ShiViz's named-group syntax). */
export const SHIVIZ_REGEX = String.raw`^(?<host>\S+) (?<clock>\{[^}]*\}) (?<event>.*)$`;

/** The ShiViz log of a trace. */
export function toShiViz(trace: Trace): string {
  const st = spaceTime(trace);
  const lines = [SHIVIZ_REGEX, ''];
  const lastEvent = st.events.length - 1;
  for (const e of st.events) {
    const host = st.processes[e.process];
    const clock: Record<string, number> = { [host]: e.vt[e.process] };
    e.vt.forEach((x, i) => {
      if (x > 0 && i !== e.process) clock[st.processes[i]] = x;
    });
    let text = `step ${e.step}: ${e.text}`;
    const sends = e.sent.map((id) => st.messages[id]);
    if (sends.length) text += `; sends ${sends.map((m) => `${m.text} to ${st.processes[m.to]}${m.lostAt !== undefined ? ` (lost in step ${m.lostAt})` : ''}`).join(', ')}`;
    if (e.kind === 'duplicate') text += ' (a duplicate stays in flight)';
    if (e.id === lastEvent) text += trace.kind === 'witness' ? ` [witness: ${trace.property?.name}]` : ` [${traceHeading(trace)}]`;
    lines.push(`${host} ${JSON.stringify(clock)} ${text.replace(/[\r\n]+/g, ' ')}`);
  }
  return lines.join('\n') + '\n';
}
