/** Shared by the format and replay tests: small checkers for the output formats, and test models. */
import { always, fifo, send, sometimes, step, system, type GlobalState, type Model, type Network, type Protocol } from 'interleave';

/** Undefined when `text` is well-formed XML (one root, balanced tags, quoted attributes, valid entities); else what is wrong. */
export function xmlError(text: string): string | undefined {
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  const name = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
  while (i < text.length) {
    if (text.startsWith('<?', i)) {
      const j = text.indexOf('?>', i);
      if (j < 0) return `unclosed processing instruction at ${i}`;
      i = j + 2;
    } else if (text.startsWith('<!--', i)) {
      const j = text.indexOf('-->', i);
      if (j < 0) return `unclosed comment at ${i}`;
      i = j + 3;
    } else if (text.startsWith('</', i)) {
      const m = name.exec(text.slice(i + 2));
      if (!m) return `bad closing tag at ${i}`;
      const top = stack.pop();
      if (top !== m[0]) return `</${m[0]}> at ${i} closes <${top}>`;
      i += 2 + m[0].length;
      while (/\s/.test(text[i])) i++;
      if (text[i] !== '>') return `bad closing tag at ${i}`;
      i++;
    } else if (text[i] === '<') {
      const m = name.exec(text.slice(i + 1));
      if (!m) return `bad tag at ${i}: ${text.slice(i, i + 20)}`;
      if (stack.length === 0) roots++;
      i += 1 + m[0].length;
      const seen = new Set<string>();
      for (;;) {
        while (/\s/.test(text[i])) i++;
        if (text.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (text[i] === '>') {
          stack.push(m[0]);
          i++;
          break;
        }
        const a = name.exec(text.slice(i));
        if (!a) return `bad attribute at ${i} in <${m[0]}>: ${text.slice(i, i + 20)}`;
        if (seen.has(a[0])) return `duplicate attribute ${a[0]} at ${i}`;
        seen.add(a[0]);
        i += a[0].length;
        if (text[i] !== '=') return `attribute ${a[0]} without a value at ${i}`;
        const q = text[i + 1];
        if (q !== '"' && q !== "'") return `unquoted attribute ${a[0]} at ${i}`;
        const end = text.indexOf(q, i + 2);
        if (end < 0) return `unclosed attribute ${a[0]} at ${i}`;
        const value = text.slice(i + 2, end);
        if (value.includes('<')) return `'<' in attribute ${a[0]} at ${i}`;
        for (let k = value.indexOf('&'); k >= 0; k = value.indexOf('&', k + 1)) if (!entity.test(value.slice(k))) return `bad entity in attribute ${a[0]} at ${i}`;
        i = end + 1;
      }
    } else {
      const j = text.indexOf('<', i);
      const chunk = text.slice(i, j < 0 ? text.length : j);
      if (stack.length === 0 && chunk.trim() !== '') return `text outside the root at ${i}`;
      for (let k = chunk.indexOf('&'); k >= 0; k = chunk.indexOf('&', k + 1)) if (!entity.test(chunk.slice(k))) return `bad entity at ${i + k}: ${chunk.slice(k, k + 10)}`;
      i = j < 0 ? text.length : j;
    }
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  if (roots !== 1) return `${roots} root elements`;
  return undefined;
}

/** A parsed ShiViz log: every line after the two header lines must match the header's regex. */
export function parseShiViz(log: string): { host: string; clock: Record<string, number>; event: string }[] {
  const lines = log.replace(/\n$/, '').split('\n');
  const re = new RegExp(lines[0]);
  if (lines[1] !== '') throw new Error(`line 2 must be the empty multiple-executions delimiter, got '${lines[1]}'`);
  return lines.slice(2).map((l, i) => {
    const m = re.exec(l);
    if (!m?.groups) throw new Error(`line ${i + 3} does not match the header regex: ${l}`);
    return { host: m.groups.host, clock: JSON.parse(m.groups.clock) as Record<string, number>, event: m.groups.event };
  });
}

/**
 * Undefined when the events' vector clocks are what ShiViz requires: each host's own entry counts
 * its events from 1; a clock never goes down on a host; an entry for another host never exceeds
 * that host's own count at that point in the log (nobody hears of an event before it happens).
 */
export function shivizClockError(events: ReturnType<typeof parseShiViz>): string | undefined {
  const own = new Map<string, number>();
  const last = new Map<string, Record<string, number>>();
  for (const [i, e] of events.entries()) {
    const n = (own.get(e.host) ?? 0) + 1;
    if (e.clock[e.host] !== n) return `event ${i}: ${e.host}'s own entry is ${e.clock[e.host]}, expected ${n}`;
    own.set(e.host, n);
    for (const [h, x] of Object.entries(e.clock)) {
      if (h !== e.host && x > (own.get(h) ?? 0)) return `event ${i}: ${e.host} has heard of ${h}'s event ${x}, which has not happened`;
      if (x < (last.get(e.host)?.[h] ?? 0)) return `event ${i}: ${e.host}'s entry for ${h} went down`;
    }
    last.set(e.host, e.clock);
  }
  return undefined;
}

/**
 * Undefined when every line is one a Mermaid sequence diagram accepts (the statements this tool
 * writes), and no text has a bare `#`, `;`, `<` or `>` (they must be entity codes: `#35;`, `#59;`, `#lt;`).
 */
export function mermaidError(text: string): string | undefined {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'sequenceDiagram') return `first line is '${lines[0]}'`;
  const ok = [/^ {2}%%.*$/, /^ {2}participant p\d+ as .+$/, /^ {2}Note over p\d+(,p\d+)?: .+$/, /^ {2}p\d+(->>|-x)p\d+: .+$/];
  for (const [i, l] of lines.slice(1).entries()) {
    if (!ok.some((r) => r.test(l))) return `line ${i + 2} is not a statement this writer makes: ${l}`;
    if (l.startsWith('  %%')) continue;
    const bare = l.replace(/#(\d+|lt|gt);/g, '').replace(/^ {2}p\d+(->>|-x)p\d+: /, '').replace(/^ {2}participant p\d+ as /, '');
    if (/[#;<>]/.test(bare)) return `line ${i + 2} has a bare # ; < or >: ${l}`;
  }
  return undefined;
}

// ---- test models ---------------------------------------------------------------------------------

/** A generic model whose every label is hostile markup: for escaping tests. */
export const EVIL = '<script>alert("x")</script> & \'q\' </svg> ]]> %% ; # -->';
export function evilModel(): Model<Record<string, number>, string> {
  return {
    name: 'evil<b>model</b>',
    init: () => [{ [`<i>field</i>&${EVIL}`]: 0 }],
    actions: (s) => (Object.values(s)[0] < 2 ? [`act ${EVIL}`] : []),
    next: (s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v + 1])),
    properties: [always(`below two ${EVIL}`, (s) => Object.values(s)[0] < 2)],
    describeAction: (a) => ({ actor: `<img src=x onerror=alert(1)>`, action: a }),
  };
}

/**
 * A generic model whose actors have names ShiViz's host regex (`\S+`) and clock regex (`{[^}]*}`)
 * would split: spaces, braces, quotes, an empty name, and two names that are the same once made safe.
 */
export function spacedActors(): Model<{ readonly x: number }, string> {
  const actors = ['Resource Manager <1> & "two"', ' {x} ', 'Resource Manager <1> & "two"', 'Resource\tManager <1> & "two"', ''];
  return {
    name: 'spaced actors',
    init: () => [{ x: 0 }],
    actions: (s) => (s.x < actors.length ? [`act ${s.x}`] : []),
    next: (s) => ({ x: s.x + 1 }),
    properties: [always('x below 5', (s) => s.x < actors.length)],
    describeAction: (a) => ({ actor: actors[Number(a.split(' ')[1])], action: a }),
  };
}

/** Relay: P0 sends tokens 1, 2, … to P1; P1 passes each on to P2. `last`: the last token received. */
type RL = { readonly got: number; readonly sent: number; readonly last: number };
type RM = { readonly type: 'TOKEN'; readonly k: number };
export const relay: Protocol<RL, RM> = {
  name: 'relay',
  init: () => ({ got: 0, sent: 0, last: 0 }),
  actions: {
    emit: { guard: (_s, ctx) => ctx.self === 0, run: (s) => step({ ...s, sent: s.sent + 1 }, send(1, { type: 'TOKEN' as const, k: s.sent + 1 })) },
  },
  handlers: {
    TOKEN: (s, m, _from, ctx) => (ctx.self === 1 ? step({ ...s, got: s.got + 1, last: m.k }, send(2, m)) : step({ ...s, got: s.got + 1, last: m.k })),
  },
};

/**
 * The relay over a network: P1 must get the tokens in order (violated when one overtakes another,
 * or is lost); witnesses: P2 gets every token; P1 crashes after P0 has sent.
 */
export function relaySystem(network: Network = fifo, opts: { rounds?: number; causality?: boolean; crashes?: number } = {}) {
  const rounds = opts.rounds ?? 2;
  return system<RL, RM>({
    protocol: relay,
    n: 3,
    network,
    workload: { emit: rounds },
    causality: opts.causality,
    crashes: opts.crashes,
    properties: [
      always('P1 gets tokens in order', (g: GlobalState<RL, RM>) => g.procs[1].last === g.procs[1].got),
      sometimes('P2 gets every token', (g: GlobalState<RL, RM>) => g.procs[2].got === rounds),
      sometimes('P1 crashes after a send', (g: GlobalState<RL, RM>) => g.crashed[1] && g.procs[0].sent >= 1),
    ],
    checkDeadlock: false,
  });
}
