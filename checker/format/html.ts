/**
 * A self-contained HTML report of one trace: the space-time diagram (./svg.ts), the step table
 * with the changed fields of each step, and a state inspector showing the whole state after the
 * selected step with its changed fields highlighted. Click a step (in the table or on the
 * diagram), or use the arrow keys, to select it; the diagram highlights it.
 *
 * The page needs no network: styles, script, diagram and data are inline, and its
 * Content-Security-Policy forbids loading anything. Every label is HTML-escaped; the data rides
 * in a JSON script element with `<`, `>` and `&` escaped, and the script writes text only
 * through `textContent`.
 */
import { show, type Trace } from '../trace.ts';
import { spaceTime } from './spacetime.ts';
import { escapeXml, stepCount, toSvg, traceHeading } from './svg.ts';
import { traceFileOf, type ModelRef } from './tracefile.ts';

/** JSON that is safe inside a `<script>` element. */
export function scriptJson(x: unknown): string {
  return JSON.stringify(x)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CSS = `
  :root { font-family: system-ui, sans-serif; color: #222; }
  body { margin: 0; padding: 16px 20px; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  p.reason { font-size: 16px; color: #b71c1c; margin: 4px 0 8px; }
  .meta { color: #555; font-size: 13px; margin: 0 0 12px; }
  #diagram { overflow-x: auto; border: 1px solid #ddd; border-radius: 6px; margin-bottom: 12px; }
  #diagram svg { display: block; }
  #diagram [data-steps] { cursor: pointer; }
  body:not(.show-clocks) #diagram .vt { display: none; }
  .controls { font-size: 13px; margin-bottom: 8px; }
  .panes { display: flex; gap: 16px; align-items: flex-start; }
  #steps { flex: 3; max-height: 70vh; overflow-y: auto; position: relative; }
  #inspector { flex: 2; position: sticky; top: 0; max-height: 70vh; overflow: auto; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #eee; }
  th { position: sticky; top: 0; background: #f6f6f6; }
  tbody tr { cursor: pointer; }
  tbody tr:hover { background: #f4f8fd; }
  tbody tr.selected { background: #fff3c4; outline: 2px solid #ff8f00; }
  tbody tr.failing td:first-child { color: #c62828; font-weight: bold; }
  tbody tr.cycle td:first-child { color: #b26a00; font-weight: bold; }
  .changes { list-style: none; margin: 0; padding: 0; font-family: ui-monospace, monospace; font-size: 12px; }
  .path { color: #6a1b9a; }
  del { background: #fde2e2; text-decoration: none; }
  ins { background: #dff5df; text-decoration: none; }
  #inspector h2 { font-size: 14px; margin: 4px 0 8px; }
  .tree { font-family: ui-monospace, monospace; font-size: 12px; }
  .tree ul { list-style: none; margin: 0; padding-left: 16px; }
  .tree li { margin: 1px 0; }
  .tree .key { color: #6a1b9a; }
  .tree .changed > .line { background: #fff3c4; outline: 1px solid #ff8f00; }
  .tree .was { color: #c62828; margin-left: 8px; }
  .tree li.ground > .line, .legend-ground { background: #e0f2f1; }
  .tree li.ground > .line .key, .path.ground, .legend-ground { color: #00695c; }
  .tree li.groundhead { color: #00695c; font-style: italic; margin-top: 2px; }
  .legend { font-size: 12px; margin: 0 0 6px; }
  .legend span { padding: 0 4px; border-radius: 3px; }
  .legend-protocol { color: #6a1b9a; }
`;

/** The script of the page (no external code; text is only ever set through textContent). */
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll('#steps tbody tr'));
  var svg = document.querySelector('#diagram svg');
  var last = data.steps.length;
  var current = -1;

  function show(v) {
    if (v === null || typeof v !== 'object') return typeof v === 'string' ? v : String(v);
    if (Array.isArray(v)) return '[' + v.map(show).join(', ') + ']';
    if ('#bigint' in v) return v['#bigint'];
    if ('#unserializable' in v) return v['#unserializable'];
    if ('#tup' in v) return '(' + v['#tup'].map(show).join(', ') + ')';
    if ('#set' in v) return '{' + v['#set'].map(show).join(', ') + '}';
    if ('#map' in v) return '{' + v['#map'].map(function (e) { return show(e[0]) + ' \\u21a6 ' + show(e[1]); }).join(', ') + '}';
    var keys = Object.keys(v).filter(function (k) { return k !== 'type'; });
    var body = keys.map(function (k) { return field(k) + '=' + show(v[k]); }).join(', ');
    if (typeof v.type === 'string') return keys.length ? v.type + '(' + body + ')' : v.type;
    return '{' + body + '}';
  }
  /** A record field's name: the trace file writes \\#x for a field named #x (see codec.ts). */
  function field(k) {
    return /^\\\\+#/.test(k) ? k.slice(1) : k;
  }
  function isRecord(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).some(function (k) { return k.charAt(0) === '#'; });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var ground = data.ground || { process: [], global: [] };
  /** The ground-truth keys of the record at path (a process's state, or the top level). */
  function groundKeys(path) {
    if (path === '') return ground.global;
    return /^P[0-9]+$/.test(path) ? ground.process : [];
  }
  function tree(v, path, changed) {
    var ul = el('ul');
    var gk = isRecord(v) ? groundKeys(path) : [];
    var keys = isRecord(v) ? Object.keys(v) : [];
    var own = keys.filter(function (k) { return gk.indexOf(field(k)) < 0; });
    var truth = keys.filter(function (k) { return gk.indexOf(field(k)) >= 0; });
    var entries = isRecord(v) ? own.concat(truth).map(function (k) { return [field(k), v[k], path ? path + '.' + field(k) : field(k)]; })
      : v.map(function (x, i) { return [String(i), x, path + '[' + i + ']']; });
    entries.forEach(function (e, i) {
      if (truth.length && i === own.length) ul.appendChild(el('li', 'groundhead', 'ground truth (no process sees these):'));
      var li = el('li', truth.length && i >= own.length ? 'ground' : '');
      li.setAttribute('data-path', e[2]);
      var line = el('div', 'line');
      line.appendChild(el('span', 'key', e[0] + ': '));
      var nested = (isRecord(e[1]) && Object.keys(e[1]).length > 0 && Object.keys(e[1]).length + show(e[1]).length > 60) || (Array.isArray(e[1]) && show(e[1]).length > 60);
      line.appendChild(el('span', 'val', nested ? '' : show(e[1])));
      if (changed[e[2]]) {
        li.classList.add('changed');
        line.appendChild(el('span', 'was', 'was ' + (changed[e[2]].hasOwnProperty('before') ? show(changed[e[2]].before) : '\\u2014')));
      }
      li.appendChild(line);
      if (nested) li.appendChild(tree(e[1], e[2], changed));
      ul.appendChild(li);
    });
    return ul;
  }
  function inspect(k) {
    var state = k === 0 ? data.initial : data.steps[k - 1].state;
    var changed = {};
    if (k > 0) data.steps[k - 1].changes.forEach(function (c) { changed[c.path] = c; });
    var box = document.getElementById('state');
    box.textContent = '';
    document.getElementById('inspected').textContent = k === 0 ? 'initial state' : 'state after step ' + k;
    if (isRecord(state) || Array.isArray(state)) box.appendChild(tree(state, '', changed));
    else box.appendChild(el('div', changed.state ? 'changed' : '', show(state)));
  }
  function select(k) {
    if (k < 0 || k > last) return;
    current = k;
    rows.forEach(function (r) { r.classList.toggle('selected', Number(r.getAttribute('data-step')) === k); });
    if (svg) {
      Array.prototype.forEach.call(svg.querySelectorAll('.selected'), function (e) { e.classList.remove('selected'); });
      Array.prototype.forEach.call(svg.querySelectorAll('[data-steps~="' + k + '"]'), function (e) { e.classList.add('selected'); });
    }
    var row = rows[k];
    var box = document.getElementById('steps');
    if (row && box) {
      if (row.offsetTop < box.scrollTop + 30) box.scrollTop = Math.max(0, row.offsetTop - 30);
      else if (row.offsetTop + row.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = row.offsetTop + row.offsetHeight - box.clientHeight;
    }
    inspect(k);
    document.body.setAttribute('data-selected', String(k));
  }
  rows.forEach(function (r) {
    r.addEventListener('click', function () { select(Number(r.getAttribute('data-step'))); });
  });
  if (svg) svg.addEventListener('click', function (ev) {
    var t = ev.target;
    while (t && t !== svg && !(t.getAttribute && t.getAttribute('data-steps'))) t = t.parentNode;
    if (!t || t === svg) return;
    var steps = t.getAttribute('data-steps').split(' ').map(Number);
    select(steps[steps.length - 1]);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'j') { select(Math.min(last, current + 1)); ev.preventDefault(); }
    if (ev.key === 'ArrowUp' || ev.key === 'k') { select(Math.max(0, current - 1)); ev.preventDefault(); }
  });
  var clocks = document.getElementById('clocks');
  clocks.addEventListener('change', function () { document.body.classList.toggle('show-clocks', clocks.checked); });
  select(last);
})();
`;

/** The HTML report of a trace. */
export function toHtml(trace: Trace, ref: ModelRef): string {
  const st = spaceTime(trace);
  const heading = traceHeading(trace);
  const params = Object.entries(ref.params).map(([k, v]) => `${k}=${v}`).join(', ');
  const svg = toSvg(trace, { clocks: true, inline: true });
  const failing = trace.kind === 'witness' ? -1 : trace.steps.length;
  const isGround = (path: string): boolean => {
    const m = /^P\d+\.([^.[]+)/.exec(path);
    if (m) return trace.ground?.process.includes(m[1]) ?? false;
    return trace.ground?.global.includes(path.split(/[.[]/)[0]) ?? false;
  };
  const rows: string[] = [`<tr data-step="0"><td>0</td><td></td><td>initial state</td><td></td></tr>`];
  for (const s of trace.steps) {
    const changes = s.changes
      .map((c) => `<li><span class="path${isGround(c.path) ? ' ground' : ''}">${escapeXml(c.path)}</span>: <del>${escapeXml(show(c.before))}</del> → <ins>${escapeXml(show(c.after))}</ins></li>`)
      .join('');
    rows.push(
      `<tr data-step="${s.index}"${s.index === failing ? ' class="failing"' : trace.loop !== undefined && s.index > trace.loop ? ' class="cycle"' : ''}><td>${s.index}</td><td>${escapeXml(s.actor)}</td><td>${escapeXml(s.action)}</td><td><ul class="changes">${changes}</ul></td></tr>`,
    );
  }
  const data = traceFileOf(trace, ref);
  const title = `${trace.model}: ${heading}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="interleave">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
${trace.reason ? `<p class="reason" id="reason"><b>${trace.kind === 'deadlock' ? 'Why' : 'Why it fails'}:</b> ${escapeXml(trace.reason)}</p>\n` : ''}
<p class="meta">model <b>${escapeXml(ref.model)}</b>${params ? ` (${escapeXml(params)})` : ''}; ${escapeXml(`${stepCount(trace.steps.length)}, ${st.processes.length} ${st.processes.length === 1 ? 'line' : 'lines'}; vector clocks: ${st.clocks}`)}. Click a step, in the table or on the diagram, or use the arrow keys.</p>
${trace.loop !== undefined ? `<p class="meta loop">A lasso: steps ${trace.loop + 1}–${trace.steps.length} (marked) repeat for ever; step ${trace.steps.length} returns to the state ${trace.loop === 0 ? 'at the start' : `after step ${trace.loop}`}.</p>` : ''}
<div class="controls"><label><input type="checkbox" id="clocks"> show vector clocks</label></div>
<section id="diagram">
${svg}</section>
<div class="panes">
<section id="steps">
<table>
<thead><tr><th>#</th><th>actor</th><th>action</th><th>changed fields</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>
<section id="inspector"><h2 id="inspected">state</h2>${trace.ground ? `<p class="legend" id="legend"><span class="legend-protocol">the protocol's own fields</span> <span class="legend-ground">ground truth: the engine's and the observers' (${escapeXml([...trace.ground.process, ...trace.ground.global].join(', '))}), which no process sees</span></p>` : ''}<div id="state" class="tree"></div></section>
</div>
<script type="application/json" id="trace-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
