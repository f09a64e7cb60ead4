/**
 * A trace as a Mermaid `sequenceDiagram`: one participant per process, a note for each local
 * step, an arrow for each delivery (drawn at the delivery step, labelled with the step that sent
 * it), a crossed arrow for a lost message, a note for a crash, and the failing step's note marked.
 *
 * A sequence diagram draws every arrow horizontally, so it cannot show a message overtaking
 * another on the same channel (possible on unordered channels): when that happens the output
 * says so, in a `%%` comment and in a note on the diagram.
 */
import type { Trace } from '../trace.ts';
import { spaceTime } from './spacetime.ts';
import { traceHeading } from './svg.ts';

/** Text Mermaid shows as written: `#` and `;` (and `<`, `>`) as entity codes, one line. */
export function escapeMermaid(s: string): string {
  const codes: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;', '%': '#37;' };
  return s.replace(/[#;<>%]/g, (c) => codes[c]).replace(/[\r\n]+/g, ' ');
}

/** The Mermaid sequence diagram of a trace. */
export function toMermaid(trace: Trace): string {
  const st = spaceTime(trace);
  const id = (p: number) => `p${p}`;
  const lines = ['sequenceDiagram', `  %% interleave: ${escapeMermaid(`${trace.model}: ${traceHeading(trace)}`)}`];
  lines.push('  %% arrows are drawn at the step that receives the message; "sent in k" names the step that sent it');
  if (st.overtakings.length) {
    lines.push('  %% WARNING: a message overtakes another on the same channel here; a sequence diagram cannot draw that,');
    lines.push('  %% so the arrows below are in delivery order, not send order (see the notes marked "overtakes")');
  }
  st.processes.forEach((name, p) => lines.push(`  participant ${id(p)} as ${escapeMermaid(name)}`));
  if (st.processes.length === 0) lines.push(`  participant ${id(0)} as ${escapeMermaid(trace.model)}`);
  const ev = st.events;
  const eventAt = new Map(ev.map((e) => [e.step, e]));
  const last = trace.steps.length;
  for (const s of trace.steps) {
    const mark = s.index === last ? (trace.kind === 'witness' ? ` ✔ ${trace.property?.name ?? ''}` : ` ⚠ ${traceHeading(trace)}`) : '';
    const e = eventAt.get(s.index);
    if (s.kind === 'lose') {
      const m = st.messages.find((x) => x.lostAt === s.index);
      if (m) lines.push(`  ${id(m.from)}-x${id(m.to)}: ${escapeMermaid(`${s.index}. ${m.text} lost (sent in ${m.sendStep})${mark}`)}`);
      else lines.push(`  Note over ${id(0)}: ${escapeMermaid(`${s.index}. ${s.action}${mark}`)}`);
      continue;
    }
    if (!e) {
      lines.push(`  Note over ${id(0)}: ${escapeMermaid(`${s.index}. ${s.actor} ${s.action}${mark}`)}`);
      continue;
    }
    if ((e.kind === 'receive' || e.kind === 'duplicate') && e.received !== undefined) {
      const m = st.messages[e.received];
      for (const o of st.overtakings.filter((x) => x.overtaker === m.id)) {
        const other = st.messages[o.overtaken];
        const note = `⚠ ${m.text} (sent in ${m.sendStep}) overtakes ${other.text} (sent in ${other.sendStep}), still in flight: not drawn`;
        lines.push(`  %% overtaking at step ${s.index}: ${escapeMermaid(note)}`);
        lines.push(`  Note over ${id(m.from)},${id(m.to)}: ${escapeMermaid(note)}`);
      }
      const sent = m.send >= 0 ? `sent in ${m.sendStep}` : 'sent before the trace';
      const dup = e.kind === 'duplicate' ? ', a duplicate stays in flight' : '';
      lines.push(`  ${id(m.from)}->>${id(m.to)}: ${escapeMermaid(`${s.index}. ${m.text} (${sent}${dup})${mark}`)}`);
    } else if (e.kind === 'crash') {
      lines.push(`  Note over ${id(e.process)}: ${escapeMermaid(`${s.index}. crashes${mark}`)}`);
    } else {
      lines.push(`  Note over ${id(e.process)}: ${escapeMermaid(`${s.index}. ${e.label}${mark}`)}`);
    }
  }
  return lines.join('\n') + '\n';
}
