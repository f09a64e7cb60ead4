/**
 * A space-time (Lamport) diagram of a trace as SVG: one horizontal line per process, time flowing
 * left to right with one column per step; events as dots; messages as slanted arrows from the send
 * to the delivery; a lost message ends in a red cross where it was lost; a crash is a red cross on
 * the process line, which is dashed from then on; messages still in flight at the end are dashed
 * stubs; the failing step (the last) is highlighted. Optionally each event's vector timestamp and
 * a cut line (after a step, or through a frontier), labelled consistent or not.
 *
 * Every element of step k carries `data-steps` containing k (a message carries its send and
 * delivery steps), so a page can highlight a step with the selector `[data-steps~="k"]`.
 * Every label is XML-escaped.
 */
import { UsageError } from '../errors.ts';
import { propertyLabel, type Trace } from '../trace.ts';
import { appId, cutOf, cutProblem, inFlightAtEnd, orphanText, recordedCut, spaceTime, type SpaceTime } from './spacetime.ts';

export interface SvgOptions {
  /** Print each event's vector timestamp under it. */
  readonly clocks?: boolean;
  /** Draw a cut: after step k, or through a frontier (events per process). Default: the cut a snapshot recorded, if the trace has one. */
  readonly cut?: number | readonly number[];
  /** Heading above the diagram (default: what the trace shows). */
  readonly title?: string;
  /** Omit the XML declaration (for inlining in HTML). */
  readonly inline?: boolean;
}

/** XML/HTML-escapes text for element content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`);
const fmt = (x: number): string => String(Math.round(x * 10) / 10);

/** `1 step`, `2 steps`. */
export const stepCount = (n: number): string => `${n} ${n === 1 ? 'step' : 'steps'}`;

/** What a trace shows, in a few words. */
export function traceHeading(trace: Trace): string {
  const n = trace.steps.length;
  if (trace.kind === 'deadlock') return `deadlock after ${stepCount(n)}`;
  if (trace.kind === 'witness') return `witness for ${trace.property?.name ?? '?'} in ${stepCount(n)}`;
  if (trace.loop !== undefined) return `${propertyLabel(trace.property)} violated by a fair cycle: ${trace.loop + 1 === n ? `step ${n} repeats` : `steps ${trace.loop + 1}–${n} repeat`} for ever`;
  return `${propertyLabel(trace.property)} violated after ${stepCount(n)}`;
}

const STYLE = `
  .bg { fill: #fff; }
  .title { font: bold 14px sans-serif; fill: #222; }
  .sub { font: 11px sans-serif; fill: #666; }
  .pname { font: bold 13px sans-serif; fill: #222; }
  .proc { stroke: #444; stroke-width: 1.5; }
  .proc.dead { stroke: #bbb; stroke-dasharray: 4 4; }
  .stepno { font: 10px sans-serif; fill: #999; text-anchor: middle; }
  .col { fill: transparent; }
  .col.failing { fill: #fde2e2; }
  .col.cycle { fill: #fff4d6; }
  .loopback { fill: none; stroke: #b26a00; stroke-width: 1.5; stroke-dasharray: 5 3; }
  .col.goal { fill: #e3f6e3; }
  .event { fill: #1f5fa8; stroke: #fff; stroke-width: 1.5; }
  .event.failing { fill: #c62828; }
  .elabel { font: 10px sans-serif; fill: #333; text-anchor: middle; }
  .vt { font: 9px monospace; fill: #777; text-anchor: middle; }
  .msg { stroke: #1f5fa8; stroke-width: 1.3; fill: none; }
  .msg.lost, .msg.inflight { stroke-dasharray: 5 3; }
  .msg.lost { stroke: #c62828; }
  .msg.inflight { stroke: #999; }
  .mlabel { font: 9px sans-serif; fill: #1f5fa8; text-anchor: middle; }
  .cross { stroke: #c62828; stroke-width: 2.5; }
  .cut { stroke: #8e24aa; stroke-width: 1.5; stroke-dasharray: 6 3; fill: none; }
  .cutlabel { font: 10px sans-serif; fill: #8e24aa; }
  .reason { font: 11px sans-serif; fill: #b71c1c; }
  .event.held { fill: #fff; stroke: #1f5fa8; stroke-width: 2; }
  .event.held.failing { stroke: #c62828; }
  .holdback { stroke: #1f5fa8; stroke-width: 1.5; stroke-dasharray: 1 3; stroke-linecap: round; }
  .heldq { font: 9px sans-serif; fill: #6a1b9a; text-anchor: middle; }
  .shade { fill: #ffcc80; fill-opacity: 0.7; }
  .mlabel.inflight { fill: #777; }
  .legendtext { font: 10px sans-serif; fill: #444; }
  .selected.col { fill: #fff3c4; }
  .selected.event { fill: #ff8f00; stroke: #222; stroke-width: 2; }
  .selected.msg { stroke: #ff8f00; stroke-width: 3; }
  .selected.elabel, .selected.mlabel { fill: #e65100; font-weight: bold; }
`;

/** Geometry shared by the SVG and its tests. */
export interface Layout {
  readonly x: (step: number) => number;
  readonly y: (process: number) => number;
  readonly width: number;
  readonly height: number;
}

export function layoutOf(st: SpaceTime, clocks: boolean): Layout {
  const left = 24 + Math.min(120, 9 * Math.max(2, ...st.processes.map((p) => p.length)));
  const dx = 64;
  const top = 84;
  const dy = clocks ? 84 : 72;
  return {
    x: (step) => left + step * dx,
    y: (p) => top + p * dy,
    width: left + (st.steps + 1) * dx + 24,
    height: top + Math.max(0, st.processes.length - 1) * dy + 56,
  };
}

/** The SVG diagram of a trace. */
export function toSvg(trace: Trace, options: SvgOptions = {}): string {
  const st = spaceTime(trace);
  const clocks = options.clocks ?? false;
  const title = options.title ?? `${trace.model}: ${traceHeading(trace)}`;
  const grid = layoutOf(st, clocks);
  // Wide enough for the heading (about 8 px per character at 14 px bold).
  const width = Math.max(grid.width, Math.ceil(title.length * 8 + 24), 420);
  // The cut: the one asked for, or the one a snapshot recorded; its verdict is a caption line.
  const recorded = options.cut === undefined ? recordedCut(st) : undefined;
  const wrong = options.cut !== undefined ? cutProblem(st, options.cut) : undefined;
  if (wrong !== undefined) throw new UsageError(wrong);
  const cut = options.cut !== undefined ? cutOf(st, options.cut) : recorded;
  const cutName = recorded ? 'recorded cut' : 'cut';
  const cutText = cut ? (cut.consistent ? `${cutName}: consistent` : `${cutName} is inconsistent: ${orphanText(st, cut)}`) : '';
  // The reason, as a caption under the diagram, wrapped (about 6.5 px per character at 11 px).
  const captionWidth = Math.floor((width - 24) / 6.5);
  const cutLines = cut ? wrapText(cutText, captionWidth) : [];
  const reasonLines = [...cutLines, ...(trace.reason ? wrapText(`${trace.kind === 'deadlock' ? 'Why' : 'Why it fails'}: ${trace.reason}`, captionWidth) : [])];
  const legend = legendItems(trace, st, clocks, { cut: cut ? (recorded ? 'recorded cut (the snapshot)' : 'cut') : undefined });
  const legendTop = grid.height + (reasonLines.length ? 10 + 15 * reasonLines.length : 0);
  // Legend items left to right, in rows that fit the width (about 5.6 px per character at 10 px).
  const placed: { x: number; row: number }[] = [];
  {
    let lx = 12;
    let row = 0;
    for (const item of legend) {
      const w = 22 + Math.ceil(item.text.length * 5.6);
      if (lx > 12 && lx + w > width - 12) {
        lx = 12;
        row++;
      }
      placed.push({ x: lx, row });
      lx += w;
    }
  }
  const legendRows = placed.length ? placed[placed.length - 1].row + 1 : 0;
  const L: Layout = { ...grid, width, height: legendTop + (legendRows ? 8 + 16 * legendRows : 0) };
  const dx = L.x(1) - L.x(0);
  const out: string[] = [];
  if (!options.inline) out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="spacetime" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f5fa8"/></marker><marker id="arrow-grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#999"/></marker></defs>`,
    `<rect class="bg" width="${L.width}" height="${L.height}"/>`,
    `<text class="title" x="12" y="20">${escapeXml(title)}</text>`,
    `<text class="sub" x="12" y="36">${escapeXml(`time flows left to right, one column per step; vector clocks: ${st.clocks}`)}</text>`,
  );
  const last = st.steps;
  const yTop = L.y(0) - 22;
  const yBottom = L.y(Math.max(0, st.processes.length - 1)) + 30;
  // Columns (one per step, for highlighting) and step numbers.
  for (let k = 0; k <= last; k++) {
    // A lasso: the steps of the cycle are shaded; the last is the one that returns to its start.
    const inCycle = trace.loop !== undefined && k > trace.loop;
    const cls = k === last && k > 0 ? (trace.kind === 'witness' ? ' goal' : ' failing') : inCycle ? ' cycle' : '';
    out.push(`<rect class="col${cls}" data-steps="${k}" x="${fmt(L.x(k) - dx / 2)}" y="${yTop}" width="${dx}" height="${yBottom - yTop}"><title>${k === 0 ? 'initial state' : escapeXml(`${k}. ${trace.steps[k - 1].actor} ${trace.steps[k - 1].action}`)}</title></rect>`);
    out.push(`<text class="stepno" data-steps="${k}" x="${fmt(L.x(k))}" y="${yTop - 4}">${k === 0 ? 'init' : k}</text>`);
  }
  if (trace.loop !== undefined && last > 0) {
    // The loop back: from after the last step to after step `loop`, above the step numbers.
    const x1 = L.x(last) + dx / 2;
    const x2 = L.x(trace.loop) + dx / 2;
    const y = yTop - 16;
    out.push(`<path class="loopback" d="M ${fmt(x1)} ${yTop - 2} C ${fmt(x1)} ${y - 10}, ${fmt(x2)} ${y - 10}, ${fmt(x2)} ${yTop - 2}" marker-end="url(#arrow)"><title>${escapeXml(`step ${last} returns to the state ${trace.loop === 0 ? 'at the start' : `after step ${trace.loop}`}: steps ${trace.loop + 1}–${last} repeat for ever`)}</title></path>`);
  }
  // Shaded intervals (e.g. the critical section), under the process lines.
  const end = L.x(last) + dx / 2;
  if (trace.shade) {
    const { during, label } = trace.shade;
    st.processes.forEach((name, p) => {
      for (let k = 0; k <= last; k++) {
        if (!during[k]?.[p]) continue;
        let j = k;
        while (j + 1 <= last && during[j + 1]?.[p]) j++;
        const x1 = L.x(k);
        const x2 = j === last ? end : L.x(j + 1);
        const steps = Array.from({ length: j - k + 1 }, (_, i) => k + i).join(' ');
        out.push(`<rect class="shade" data-steps="${steps}" x="${fmt(x1)}" y="${L.y(p) - 7}" width="${fmt(x2 - x1)}" height="14"><title>${escapeXml(`${name} in the ${label} from step ${k}${j === last ? ' to the end' : ` to step ${j + 1}`}`)}</title></rect>`);
        k = j;
      }
    });
  }
  // Process lines.
  st.processes.forEach((name, p) => {
    const y = L.y(p);
    out.push(`<text class="pname" x="12" y="${y + 4}">${escapeXml(name)}</text>`);
    const crash = st.crashedAt[p];
    if (crash === undefined) out.push(`<line class="proc" x1="${L.x(0)}" y1="${y}" x2="${fmt(end)}" y2="${y}"/>`);
    else {
      out.push(`<line class="proc" x1="${L.x(0)}" y1="${y}" x2="${L.x(crash)}" y2="${y}"/>`);
      if (L.x(crash) < end) out.push(`<line class="proc dead" x1="${L.x(crash)}" y1="${y}" x2="${fmt(end)}" y2="${y}"/>`);
    }
  });
  // Messages.
  const ev = st.events;
  for (const m of st.messages) {
    const x1 = m.send >= 0 ? L.x(ev[m.send].step) : L.x(0) - dx / 2;
    const y1 = L.y(m.from);
    const tip = `${m.text}: P${m.from} → P${m.to}${m.send >= 0 ? `, sent in step ${m.sendStep}` : ''}`;
    for (const d of m.deliveries) {
      const x2 = L.x(ev[d].step);
      const y2 = L.y(m.to);
      const steps = `${m.send >= 0 ? m.sendStep + ' ' : ''}${ev[d].step}`;
      out.push(`<line class="msg" data-steps="${steps}" x1="${fmt(x1)}" y1="${y1}" x2="${fmt(x2)}" y2="${y2}" marker-end="url(#arrow)"><title>${escapeXml(`${tip}, received in step ${ev[d].step}`)}</title></line>`);
      out.push(along(x1, y1, x2, y2, steps, m.text));
    }
    if (m.lostAt !== undefined) {
      const x2 = L.x(m.lostAt);
      const y2 = y1 + (L.y(m.to) - y1) * 0.5;
      const steps = `${m.sendStep} ${m.lostAt}`;
      out.push(`<line class="msg lost" data-steps="${steps}" x1="${fmt(x1)}" y1="${y1}" x2="${fmt(x2)}" y2="${fmt(y2)}"><title>${escapeXml(`${tip}, lost in step ${m.lostAt}`)}</title></line>`);
      out.push(cross(x2, y2, 5, steps, `lost in step ${m.lostAt}`));
      out.push(along(x1, y1, x2, y2, steps, m.text));
    }
  }
  // Messages still in flight at the end: to the receiver's line at the right edge, with their labels.
  for (const m of inFlightAtEnd(st)) {
    if (m.send < 0) continue;
    const x1 = L.x(ev[m.send].step);
    const y1 = L.y(m.from);
    const x2 = end + dx / 2 - 6;
    const y2 = L.y(m.to);
    out.push(`<line class="msg inflight" data-steps="${m.sendStep}" x1="${fmt(x1)}" y1="${y1}" x2="${fmt(x2)}" y2="${fmt(y2)}" marker-end="url(#arrow-grey)"><title>${escapeXml(`${m.text}: P${m.from} → P${m.to}, sent in step ${m.sendStep}, still in flight`)}</title></line>`);
    out.push(along(x1, y1, x2, y2, String(m.sendStep), m.text, 'mlabel inflight'));
  }
  // Held back until delivered: a dotted line from the receipt (hollow) to the delivery.
  if (st.declaresDeliveries) {
    for (const e of ev) {
      for (const id of e.delivered ?? []) {
        const receipt = ev.find((r) => r.process === e.process && r.step < e.step && r.received !== undefined && appId(st.messages[r.received].msg) === id && !(r.delivered ?? []).includes(id));
        if (!receipt) continue;
        out.push(`<line class="holdback" data-steps="${receipt.step} ${e.step}" x1="${fmt(L.x(receipt.step))}" y1="${L.y(e.process)}" x2="${fmt(L.x(e.step))}" y2="${L.y(e.process)}"><title>${escapeXml(`${id}: received in step ${receipt.step}, held back, delivered in step ${e.step}`)}</title></line>`);
      }
    }
  }
  // Events.
  const failingStep = trace.kind === 'witness' ? -1 : last;
  for (const e of ev) {
    const x = L.x(e.step);
    const y = L.y(e.process);
    const tip = `${e.step}. ${st.processes[e.process]} ${e.text} [${e.vt.join(',')}]`;
    if (e.kind === 'crash') {
      out.push(cross(x, y, 7, String(e.step), tip));
      out.push(`<text class="elabel" data-steps="${e.step}" x="${x}" y="${y - 12}">crash</text>`);
    } else {
      const held = st.declaresDeliveries && (e.kind === 'receive' || e.kind === 'duplicate') && !e.delivered?.length;
      const what = held ? ' (received, held back)' : e.delivered?.length ? ` (delivers ${e.delivered.join(', ')})` : '';
      const cls = `event${held ? ' held' : ''}${e.delivered?.length ? ' delivery' : ''}${e.step === failingStep ? ' failing' : ''}`;
      out.push(`<circle class="${cls}" data-steps="${e.step}" cx="${x}" cy="${y}" r="${e.step === failingStep ? 7 : 5}"><title>${escapeXml(tip + what)}</title></circle>`);
      if (e.kind === 'local') out.push(labelled(`<text class="elabel" data-steps="${e.step}" x="${x}" y="${y - 11}">`, e.label, 11));
    }
    if (clocks) out.push(`<text class="vt" data-steps="${e.step}" x="${x}" y="${y + 18}">[${e.vt.join(',')}]</text>`);
    if (e.held?.length) out.push(labelled(`<text class="heldq" data-steps="${e.step}" x="${x}" y="${y + (clocks ? 30 : 18)}">`, `held: ${e.held.join(', ')}`, 14));
  }
  // The cut.
  if (cut) {
    const pts: string[] = [];
    st.processes.forEach((_, p) => {
      // Just after the last event the cut includes (after step k, for a cut after step k; for a
      // recorded cut, just before the step in which the process recorded, or after its last event).
      const mine = ev.filter((e) => e.process === p);
      const inside = cut.frontier[p];
      const at = recorded?.recordedAt[p];
      const x = recorded
        ? at !== undefined ? L.x(at) - dx / 2 : L.x(last) + dx / 2
        : (typeof options.cut === 'number' ? L.x(Math.min(options.cut, last)) : inside > 0 ? L.x(mine[inside - 1].step) : L.x(0)) + dx / 2;
      pts.push(`${fmt(x)},${L.y(p) - 20}`, `${fmt(x)},${L.y(p) + 20}`);
    });
    out.push(`<polyline class="cut${recorded ? ' recorded' : ''}${cut.consistent ? '' : ' inconsistent'}" points="${pts.join(' ')}"><title>${escapeXml(`${cutText}; frontier [${cut.frontier.join(',')}]`)}</title></polyline>`);
  }
  reasonLines.forEach((line, i) => out.push(`<text class="${i < cutLines.length ? 'cutlabel' : 'reason'}" x="12" y="${grid.height + 14 + 15 * i}">${escapeXml(line)}</text>`));
  // The legend.
  legend.forEach((item, i) => {
    const { x, row } = placed[i];
    const ly = legendTop + 14 + 16 * row;
    out.push(`<g class="legend">${item.mark(x + 6, ly - 4)}<text class="legendtext" x="${x + 16}" y="${ly}">${escapeXml(item.text)}</text></g>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Text broken into lines of at most `max` characters, at spaces where it can be (a longer word is split). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (let word of text.split(/\s+/)) {
    while (word.length > max) {
      if (cur) { lines.push(cur); cur = ''; }
      lines.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (!cur) cur = word;
    else if (cur.length + 1 + word.length <= max) cur += ' ' + word;
    else { lines.push(cur); cur = word; }
  }
  if (cur) lines.push(cur);
  return lines;
}

/** A message's label along its arrow, at the middle, just above the line; shortened to fit, the full text on hover. */
function along(x1: number, y1: number, x2: number, y2: number, steps: string, text: string, cls = 'mlabel'): string {
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  const angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
  const room = Math.floor(Math.hypot(x2 - x1, y2 - y1) / 6) - 2;
  return labelled(`<text class="${cls}" data-steps="${steps}" x="${fmt(mx)}" y="${fmt(my)}" dy="-3" transform="rotate(${fmt(angle)} ${fmt(mx)} ${fmt(my)})">`, text, Math.max(4, room));
}

/** A text element (given by its opening tag) with `text` shortened to `max` characters; the full text is its tooltip when shortened. */
function labelled(open: string, text: string, max: number): string {
  const short = clip(text, max);
  return `${open}${short === text ? '' : `<title>${escapeXml(text)}</title>`}${escapeXml(short)}</text>`;
}

/** What the diagram's marks mean, for those it uses. */
function legendItems(trace: Trace, st: SpaceTime, clocks: boolean, options: { readonly cut?: string } = {}): { text: string; mark: (x: number, y: number) => string }[] {
  const items: { text: string; mark: (x: number, y: number) => string }[] = [];
  if (st.declaresDeliveries) {
    items.push({ text: 'delivery or local event', mark: (x, y) => `<circle class="legendmark event" cx="${x}" cy="${y}" r="5"/>` });
    items.push({ text: 'received, held back', mark: (x, y) => `<circle class="legendmark event held" cx="${x}" cy="${y}" r="5"/>` });
    items.push({ text: 'held back until delivered', mark: (x, y) => `<line class="legendmark holdback" x1="${x - 6}" y1="${y}" x2="${x + 6}" y2="${y}"/>` });
  }
  if (trace.shade) items.push({ text: trace.shade.label, mark: (x, y) => `<rect class="legendmark shade" x="${x - 6}" y="${y - 5}" width="12" height="10"/>` });
  if (inFlightAtEnd(st).some((m) => m.send >= 0)) items.push({ text: 'in flight at the end', mark: (x, y) => `<line class="legendmark msg inflight" x1="${x - 6}" y1="${y}" x2="${x + 6}" y2="${y}"/>` });
  if (options.cut) items.push({ text: options.cut, mark: (x, y) => `<line class="legendmark cut" x1="${x}" y1="${y - 6}" x2="${x}" y2="${y + 6}"/>` });
  if (clocks) items.push({ text: `[vt]: the engine's ${st.clocks === 'ground truth' ? 'ground-truth' : 'computed'} vector time, not the protocol's`, mark: (x, y) => `<text class="legendmark vt" x="${x}" y="${y + 3}">[ ]</text>` });
  return items;
}

function cross(x: number, y: number, r: number, steps: string, tip: string): string {
  return `<g class="cross" data-steps="${steps}"><title>${escapeXml(tip)}</title><line class="cross" x1="${fmt(x - r)}" y1="${fmt(y - r)}" x2="${fmt(x + r)}" y2="${fmt(y + r)}"/><line class="cross" x1="${fmt(x - r)}" y1="${fmt(y + r)}" x2="${fmt(x + r)}" y2="${fmt(y - r)}"/></g>`;
}
