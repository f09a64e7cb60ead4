/**
 * The interactive explorer's page: one self-contained HTML document (styles and script inline,
 * nothing loaded from the network; the server's Content-Security-Policy allows only this page's
 * own script, by nonce, and requests to the server itself). The script writes text only through
 * `textContent`; the one piece of markup it inserts is the space-time diagram, made and escaped
 * by the same renderer as `--format svg` and `--format html` (../format/svg.ts), parsed as XML.
 */
import { scriptJson } from '../format/html.ts';
import { escapeXml } from '../format/svg.ts';

const CSS = `
  :root { font-family: system-ui, sans-serif; color: #222; font-size: 14px; }
  body { margin: 0; padding: 12px 18px 24px; background: #fafafa; }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; margin-bottom: 8px; }
  h1 { font-size: 18px; margin: 0; }
  h1 .params { font-weight: normal; color: #555; font-size: 14px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 10px 0 6px; }
  #position { color: #333; }
  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 4px 0 10px; padding: 6px 8px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
  .toolbar .sep { width: 1px; align-self: stretch; background: #ddd; margin: 0 4px; }
  button { font: inherit; padding: 3px 10px; border: 1px solid #bbb; border-radius: 4px; background: #f4f4f4; cursor: pointer; }
  button:hover:not(:disabled) { background: #e8eef7; }
  button:disabled { color: #aaa; cursor: default; }
  select { font: inherit; max-width: 26em; }
  progress { width: 160px; }
  #findstatus { color: #333; }
  #message { margin: 0 0 10px; padding: 8px 12px; border-radius: 6px; background: #fde2e2; border: 1px solid #e57373; }
  #message.info { background: #e3f2fd; border-color: #64b5f6; }
  #message button { margin-left: 8px; }
  .layout { display: grid; grid-template-columns: minmax(260px, 1fr) minmax(320px, 1.4fr); gap: 14px; align-items: start; }
  .panel { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 6px 12px 10px; }
  .panel + .panel { margin-top: 12px; }
  #enabled { list-style: none; margin: 0; padding: 0; }
  #enabled li { margin: 2px 0; }
  #enabled button { width: 100%; text-align: left; background: #fff; border-color: #ccd; }
  #enabled button.onpath { border-color: #ff8f00; }
  #enabled button.focused { background: #fff3c4; outline: 2px solid #ff8f00; }
  #enabled .leaves { color: #888; font-style: italic; }
  #enabled .num { display: inline-block; min-width: 1.6em; color: #888; font-variant-numeric: tabular-nums; }
  #endnote { margin: 4px 0; font-weight: 600; }
  #endnote.deadlock { color: #c62828; }
  #endnote .why { font-weight: normal; display: block; color: #333; }
  #history { list-style: none; margin: 0; padding: 0; max-height: 28vh; overflow-y: auto; font-size: 13px; }
  #history li { padding: 1px 4px; cursor: pointer; border-radius: 3px; }
  #history li:hover { background: #f4f8fd; }
  #history li.current { background: #fff3c4; outline: 1px solid #ff8f00; }
  #history li.ahead { color: #999; }
  #changes { list-style: none; margin: 0; padding: 0; font-family: ui-monospace, monospace; font-size: 12px; }
  del { background: #fde2e2; text-decoration: none; }
  ins { background: #dff5df; text-decoration: none; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #eee; }
  #props td.value { white-space: nowrap; font-weight: 600; }
  #props tr.false td.value { color: #c62828; }
  #props tr.true td.value { color: #2e7d32; }
  #props tr.false td.name { color: #c62828; }
  #props .kind { color: #888; font-size: 12px; }
  #props .reason { color: #333; font-size: 13px; }
  #props tr.na td.value, #props tr.na .reason { color: #888; }
  #state { display: flex; flex-wrap: wrap; gap: 8px; }
  .proc { border: 1px solid #ddd; border-radius: 6px; padding: 4px 8px; min-width: 150px; font-family: ui-monospace, monospace; font-size: 12px; }
  .proc h3 { margin: 0 0 3px; font: bold 13px system-ui, sans-serif; }
  .proc .k { color: #6a1b9a; }
  .proc .truth { color: #777; border-top: 1px dashed #ddd; margin-top: 3px; padding-top: 2px; }
  .proc .truth .k { color: #777; }
  .changed { background: #fff3c4; outline: 1px solid #ff8f00; }
  #channels { font-family: ui-monospace, monospace; font-size: 12px; margin-top: 6px; }
  #channels { width: auto; }
  #channels td:first-child { white-space: nowrap; color: #1f5fa8; padding-right: 16px; }
  #channels tr.empty { color: #aaa; }
  #diagram-box { margin-top: 14px; }
  #diagram { overflow-x: auto; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
  #diagram svg { display: block; }
  #diagram [data-steps] { cursor: pointer; }
  #diagram .ahead { opacity: .25; }
  #diagram .col.goal { fill: transparent; }
  body[data-status="error"] .layout, body[data-status="error"] #diagram-box { opacity: .35; }
  .hint { color: #777; font-size: 12px; }
  /* (Titles are in capitals; the model's data in them is shown as it is.) */
  h2 .data { text-transform: none; letter-spacing: normal; }
  /*
   * A narrow window (a phone, a side panel): one column, the toolbar's controls no wider than the
   * window, and long values broken where they must be instead of widening the page.
   */
  @media (max-width: 640px) {
    body { padding: 8px 8px 16px; }
    .layout { grid-template-columns: minmax(0, 1fr); }
    .toolbar label { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; max-width: 100%; }
    select, input[type="file"] { max-width: 100%; min-width: 0; }
    .proc { min-width: 0; max-width: 100%; }
    .proc, #changes, #channels td, #enabled button, #history li { overflow-wrap: anywhere; }
    /* (In the table of properties, only a word too long for the column is broken.) */
    #props td { overflow-wrap: break-word; }
  }
`;

/** The page's script (no external code; text is only ever set through textContent). */
const SCRIPT = `
(function () {
  'use strict';
  var info = JSON.parse(document.getElementById('model-data').textContent);
  var cur = null;
  var focus = 0;
  var job = null;
  // A message for the next state once it has loaded (each load hides the one before).
  var note = null;
  var KINDS = { always: 'invariant', quiescent: 'at quiescence', sometimes: 'witness', eventually: 'liveness: eventually', leadsTo: 'liveness: leads to', infinitelyOften: 'liveness: infinitely often' };
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function hashParams() {
    var q = new URLSearchParams(location.hash.replace(/^#/, ''));
    return { init: q.get('init'), path: q.get('path'), at: q.get('at') };
  }
  function hashOf(init, path, at) {
    var s = 'path=' + path.join('.');
    if (at !== path.length) s += '&at=' + at;
    if (init) s = 'init=' + init + '&' + s;
    return '#' + s;
  }
  function go(init, path, at) {
    var h = hashOf(init, path, at);
    if (location.hash === h) load(); else location.hash = h;
  }
  function message(text, kind, actions) {
    var m = clear($('message'));
    m.className = kind || '';
    m.appendChild(el('span', null, text));
    (actions || []).forEach(function (a) {
      var b = el('button', null, a[0]);
      b.type = 'button';
      b.addEventListener('click', a[1]);
      m.appendChild(b);
    });
    m.hidden = false;
  }
  function hideMessage() { $('message').hidden = true; }
  function api(method, url, body) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) { opts.body = typeof body === 'string' ? body : JSON.stringify(body); opts.headers['Content-Type'] = 'application/json'; }
    return fetch(url, opts).then(function (r) {
      return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; }, function () { return { ok: false, status: r.status, body: { error: 'the server answered ' + r.status } }; });
    }, function () { return { ok: false, status: 0, body: { error: 'The explorer server does not answer (was it stopped?)' } }; });
  }
  function load() {
    var h = hashParams();
    var q = new URLSearchParams();
    if (h.init !== null) q.set('init', h.init);
    q.set('path', h.path === null ? '' : h.path);
    if (h.at !== null) q.set('at', h.at);
    document.body.setAttribute('data-busy', '1');
    return api('GET', '/api/state?' + q.toString()).then(function (r) {
      document.body.removeAttribute('data-busy');
      var shown = note;
      note = null;
      if (!r.ok) {
        document.body.setAttribute('data-status', 'error');
        var steps = (h.path || '').split('.').filter(function (x) { return x !== ''; });
        var start = ['Start from the initial state', function () { go(0, [], 0); }];
        if (r.status === 400) {
          var valid = typeof r.body.valid === 'number' ? r.body.valid : 0;
          var actions = [start];
          if (valid > 0 && /^[0-9.]+$/.test(h.path || '')) actions.push(['Keep the first ' + valid + (valid === 1 ? ' step' : ' steps'), function () { go(Number(h.init) || 0, steps.slice(0, valid).map(Number), valid); }]);
          message('This path does not fit the model: ' + r.body.error, 'error', actions);
        } else if (r.status === 422) {
          // The model's code failed (or ran too long) here: the initial state may do better, unless this is it.
          message('Cannot show this state: ' + r.body.error, 'error', steps.length || Number(h.init) ? [start] : []);
        } else {
          // The server is gone or failed: the same request may do better later.
          message(r.status === 0 ? r.body.error : 'Cannot show this state: ' + r.body.error, 'error', [['Try again', load]]);
        }
        return;
      }
      document.body.setAttribute('data-status', 'ok');
      hideMessage();
      render(r.body);
      if (shown) message(shown, 'info');
    });
  }
  function take(label) {
    if (!cur) return;
    var at = cur.at;
    if (at < cur.path.length && cur.path[at] === label) go(cur.init, cur.path, at + 1);
    else go(cur.init, cur.path.slice(0, at).concat([label]), at + 1);
  }
  function back() { if (cur && cur.at > 0) go(cur.init, cur.path, cur.at - 1); }
  function forward() { if (cur && cur.at < cur.path.length) go(cur.init, cur.path, cur.at + 1); }
  function showFocus() {
    var bs = document.querySelectorAll('#enabled button');
    Array.prototype.forEach.call(bs, function (b, i) { b.classList.toggle('focused', i === focus); });
    if (bs[focus] && bs[focus].scrollIntoView) bs[focus].scrollIntoView({ block: 'nearest' });
  }
  function render(s) {
    cur = s;
    var n = s.path.length;
    $('position').textContent = s.at === 0 ? (n ? 'initial state (of a path of ' + n + ' steps)' : 'initial state') : 'after step ' + s.at + ' of ' + n;
    $('back').disabled = s.at === 0;
    $('forward').disabled = s.at >= n;
    $('restart').disabled = s.at === 0 && n === 0;
    document.body.setAttribute('data-at', String(s.at));
    document.body.setAttribute('data-path', s.path.join('.'));
    // Enabled steps.
    var list = clear($('enabled'));
    var onPath = -1;
    s.enabled.forEach(function (x, i) {
      var li = el('li');
      var b = el('button', x.onPath ? 'onpath' : '');
      b.type = 'button';
      b.setAttribute('data-label', String(x.label));
      b.appendChild(el('span', 'num', String(x.label)));
      b.appendChild(el('span', 'text', x.text));
      if (x.leaves) b.appendChild(el('span', 'leaves', ' (leaves the ' + x.leaves + ')'));
      b.addEventListener('click', function () { take(x.label); });
      li.appendChild(b);
      list.appendChild(li);
      if (x.onPath) onPath = i;
    });
    focus = onPath >= 0 ? onPath : 0;
    showFocus();
    var end = $('endnote');
    clear(end);
    end.className = '';
    if (s.end) {
      if (s.end.outside === 'boundary') end.textContent = 'Outside the model\\u2019s boundary: the checker counts this state and checks its properties, but does not expand it.';
      else if (s.end.outside) end.textContent = 'Outside the model\\u2019s ' + s.end.outside + ': not a state of the model. The checker checks its invariants here, but neither counts nor expands it.';
      else if (s.end.deadlock) { end.className = 'deadlock'; end.textContent = 'Deadlock: no step is enabled, and this is not a proper end.'; }
      else end.textContent = 'A proper end: no step is enabled.';
      if (s.end.reason) end.appendChild(el('span', 'why', s.end.reason));
    }
    // The path so far.
    var hist = clear($('history'));
    var items = [{ index: 0, text: 'initial state' }].concat(s.history);
    items.forEach(function (x) {
      var li = el('li', x.index === s.at ? 'current' : x.index > s.at ? 'ahead' : '', x.index === 0 ? x.text : x.index + '. ' + x.text);
      li.setAttribute('data-step', String(x.index));
      li.addEventListener('click', function () { go(cur.init, cur.path, x.index); });
      hist.appendChild(li);
    });
    var curLi = hist.querySelector('li.current');
    if (curLi && curLi.scrollIntoView) curLi.scrollIntoView({ block: 'nearest' });
    // The step just taken.
    var title = clear($('steptitle'));
    if (s.step) {
      title.appendChild(document.createTextNode('Step ' + s.step.index + ': '));
      title.appendChild(el('span', 'data', s.step.text));
    } else title.textContent = 'Initial state';
    var ch = clear($('changes'));
    (s.step ? s.step.changes : []).forEach(function (c) {
      var li = el('li');
      li.appendChild(el('span', 'k', c.path + ': '));
      li.appendChild(el('del', null, c.before));
      li.appendChild(document.createTextNode(' \\u2192 '));
      li.appendChild(el('ins', null, c.after));
      ch.appendChild(li);
    });
    // Properties.
    var tb = clear($('props').querySelector('tbody'));
    s.properties.forEach(function (p) {
      var sometimes = p.kind === 'sometimes';
      // holds is null where one state does not decide the property (the server says which).
      var judged = p.holds !== null;
      var tr = el('tr', !judged ? 'na' : sometimes ? (p.holds ? 'true' : '') : p.holds ? '' : 'false');
      tr.setAttribute('data-property', p.name);
      tr.setAttribute('data-holds', String(p.holds));
      var name = el('td', 'name', p.name);
      if (p.description) name.title = p.description;
      tr.appendChild(name);
      tr.appendChild(el('td', 'kind', KINDS[p.kind] || p.kind));
      tr.appendChild(el('td', 'value', !judged ? '\u2014' : sometimes ? (p.holds ? 'true here' : 'not here') : p.holds ? 'true' : 'false'));
      var why = el('td', 'reason', p.reason ? p.reason : '');
      if (!judged) why.textContent = p.kind === 'quiescent' ? '(only checked where no step is enabled)' : p.kind === 'sometimes' ? '(not a state of the model: no witness counts here)' : '(judged over whole runs, not in one state: find a counterexample searches them)';
      tr.appendChild(why);
      tb.appendChild(tr);
    });
    // The state.
    var st = clear($('state'));
    function fieldLine(f, cls) {
      var d = el('div', (cls || '') + (f.changed ? ' changed' : ''));
      d.appendChild(el('span', 'k', f.name + ': '));
      d.appendChild(el('span', 'v', f.value));
      return d;
    }
    s.state.processes.forEach(function (p) {
      var box = el('div', 'proc');
      box.setAttribute('data-process', p.name);
      box.appendChild(el('h3', null, p.name));
      p.fields.forEach(function (f) { box.appendChild(fieldLine(f)); });
      if (p.truth.length) {
        var t = el('div', 'truth');
        t.title = 'kept by the checker, not by the protocol';
        p.truth.forEach(function (f) { t.appendChild(fieldLine(f)); });
        box.appendChild(t);
      }
      st.appendChild(box);
    });
    if (s.state.other.length) {
      var o = el('div', 'proc');
      o.appendChild(el('h3', null, s.state.processes.length ? 'ghost state' : 'state'));
      s.state.other.forEach(function (f) { o.appendChild(fieldLine(f)); });
      st.appendChild(o);
    }
    var chans = clear($('channels'));
    s.state.channels.forEach(function (c) {
      var tr = el('tr', (c.messages.length ? '' : 'empty') + (c.changed ? ' changed' : ''));
      tr.appendChild(el('td', null, c.name));
      tr.appendChild(el('td', null, c.messages.length ? c.messages.join(', ') : 'empty'));
      chans.appendChild(tr);
    });
    $('channels-title').hidden = s.state.channels.length === 0;
    // The diagram (made and escaped on the server; parsed as XML, never as HTML).
    var box = clear($('diagram'));
    var doc = new DOMParser().parseFromString(s.svg, 'image/svg+xml');
    if (doc.documentElement && doc.documentElement.nodeName === 'svg' && !doc.getElementsByTagName('parsererror').length) {
      var svg = document.importNode(doc.documentElement, true);
      Array.prototype.forEach.call(svg.querySelectorAll('script, foreignObject'), function (x) { x.parentNode.removeChild(x); });
      Array.prototype.forEach.call(svg.querySelectorAll('[data-steps]'), function (x) {
        var steps = x.getAttribute('data-steps').split(' ').map(Number);
        if (steps.indexOf(s.at) >= 0) x.classList.add('selected');
        if (steps.every(function (k) { return k > s.at; })) x.classList.add('ahead');
      });
      svg.addEventListener('click', function (ev) {
        var t = ev.target;
        while (t && t !== svg && !(t.getAttribute && t.getAttribute('data-steps'))) t = t.parentNode;
        if (!t || t === svg) return;
        var steps = t.getAttribute('data-steps').split(' ').map(Number);
        go(cur.init, cur.path, Math.min(cur.path.length, steps[steps.length - 1]));
      });
      box.appendChild(svg);
    }
    document.body.setAttribute('data-ready', '1');
  }
  // Search from here, in a worker thread on the server.
  function findStatus(text) { $('findstatus').textContent = text; }
  function poll() {
    if (!job) return;
    var id = job;
    api('GET', '/api/find/' + id).then(function (r) {
      if (job !== id) return;
      if (!r.ok) { job = null; searching(false); findStatus(r.body.error); return; }
      var j = r.body;
      if (j.progress) {
        $('progress').value = Math.min(1, j.progress.distinctStates / j.maxStates);
        findStatus(j.progress.distinctStates.toLocaleString('en-US') + ' states, depth ' + j.progress.maxDepth + ', ' + j.progress.seconds.toFixed(0) + ' s');
      }
      if (j.status === 'running') { setTimeout(poll, 250); return; }
      job = null;
      searching(false);
      findStatus(j.message || j.status);
      document.body.setAttribute('data-search', j.status + (j.found ? ' found' : ''));
      if (j.found) go(j.found.init, j.found.path, j.found.path.length);
    });
  }
  function searching(on) {
    $('find').disabled = on;
    $('cancel').disabled = !on;
    $('progress').hidden = !on;
    if (on) $('progress').removeAttribute('value');
  }
  $('find').addEventListener('click', function () {
    if (!cur) return;
    searching(true);
    findStatus('searching\\u2026');
    document.body.setAttribute('data-search', 'running');
    api('POST', '/api/find', { init: cur.init, path: cur.path.slice(0, cur.at), goal: $('goal').value }).then(function (r) {
      if (!r.ok) { searching(false); findStatus(r.body.error); document.body.setAttribute('data-search', 'failed'); return; }
      job = r.body.id;
      poll();
    });
  });
  $('cancel').addEventListener('click', function () {
    if (!job) return;
    var id = job;
    job = null;
    searching(false);
    api('DELETE', '/api/find/' + id).then(function () { findStatus('cancelled'); document.body.setAttribute('data-search', 'cancelled'); });
  });
  // Open a saved trace.
  $('file').addEventListener('change', function () {
    var f = $('file').files[0];
    if (!f) return;
    var reader = new FileReader();
    reader.onload = function () {
      api('POST', '/api/trace?name=' + encodeURIComponent(f.name), String(reader.result)).then(function (r) {
        $('file').value = '';
        if (!r.ok) { message('Cannot open ' + f.name + ': ' + r.body.error, 'error'); return; }
        note = 'Opened ' + f.name + ': ' + r.body.message;
        go(r.body.init, r.body.path, r.body.path.length);
      });
    };
    reader.readAsText(f);
  });
  $('back').addEventListener('click', back);
  $('forward').addEventListener('click', forward);
  $('restart').addEventListener('click', function () { go(0, [], 0); });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    // A key the focused control uses is its own: every key in a field or list, Enter and space on
    // a button or link (the arrows and letters mean nothing to those, and stay shortcuts).
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (t && (t.tagName === 'BUTTON' || t.tagName === 'A' || t.tagName === 'SUMMARY') && !t.disabled && (ev.key === 'Enter' || ev.key === ' ')) return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    var n = cur ? cur.enabled.length : 0;
    if (ev.key === 'ArrowDown' || ev.key === 'j') { if (n) { focus = (focus + 1) % n; showFocus(); } }
    else if (ev.key === 'ArrowUp' || ev.key === 'k') { if (n) { focus = (focus + n - 1) % n; showFocus(); } }
    else if (ev.key === 'Enter') { if (n) take(cur.enabled[focus].label); }
    else if (ev.key === 'ArrowLeft' || ev.key === 'h' || ev.key === 'Backspace') back();
    else if (ev.key === 'ArrowRight' || ev.key === 'l') forward();
    else return;
    ev.preventDefault();
  });
  // Goals.
  var goal = $('goal');
  info.goals.forEach(function (g) { var o = el('option', null, g.text); o.value = g.id; goal.appendChild(o); });
  if (!info.goals.length) { $('find').disabled = true; goal.disabled = true; findStatus('(no search: the model was not loaded from a name or file)'); }
  window.addEventListener('hashchange', load);
  load();
})();
`;

/** The page, for a model described by `info` (its name, parameters and goals); `nonce` admits its script. */
export function page(nonce: string, info: { readonly model: string; readonly params: Readonly<Record<string, number>>; readonly ruledOut?: readonly { readonly name: string; readonly reason: string }[] }): string {
  const params = Object.entries(info.params).map(([k, v]) => `${k}=${v}`).join(', ');
  const ruledOut = info.ruledOut?.length
    ? `\n<p class="hint" id="ruledout">Not checked at these parameters: ${info.ruledOut.map((r) => `${escapeXml(r.name)} (${escapeXml(r.reason)})`).join('; ')}.</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="interleave explore">
<title>${escapeXml(`${info.model} — interleave explore`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeXml(info.model)}${params ? ` <span class="params">(${escapeXml(params)})</span>` : ''}</h1>
<span id="position"></span>
</header>
<div class="toolbar">
<button type="button" id="restart" title="back to the initial state, forgetting the path">start over</button>
<button type="button" id="back" title="back (&#x2190; or h)">&#x2190; back</button>
<button type="button" id="forward" title="forward along the path (&#x2192; or l)">forward &#x2192;</button>
<span class="sep"></span>
<label>find <select id="goal"></select></label>
<button type="button" id="find">find from here</button>
<progress id="progress" max="1" hidden></progress>
<button type="button" id="cancel" disabled>cancel</button>
<span id="findstatus"></span>
<span class="sep"></span>
<label>open a trace <input type="file" id="file" accept=".json,application/json"></label>
</div>
<div id="message" role="alert" hidden></div>
<div class="layout">
<div>
<section class="panel">
<h2>Enabled steps</h2>
<ol id="enabled"></ol>
<p id="endnote"></p>
<p class="hint">Click a step, or move with &#x2193;/&#x2191; (j/k) and take it with Enter; &#x2190;/&#x2192; go back and forward.</p>
</section>
<section class="panel">
<h2>Path</h2>
<ol id="history"></ol>
</section>
</div>
<div>
<section class="panel">
<h2>Properties here</h2>
<table id="props"><tbody></tbody></table>${ruledOut}
</section>
<section class="panel">
<h2 id="steptitle">State</h2>
<ul id="changes"></ul>
<h2>State</h2>
<div id="state"></div>
<h2 id="channels-title">Channels</h2>
<table id="channels"></table>
</section>
</div>
</div>
<section id="diagram-box">
<h2>Space-time diagram of the path</h2>
<div id="diagram"></div>
</section>
<script type="application/json" id="model-data">${scriptJson(info)}</script>
<script nonce="${escapeXml(nonce)}">${SCRIPT}</script>
</body>
</html>
`;
}
