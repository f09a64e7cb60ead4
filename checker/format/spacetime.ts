/**
 * A trace as a space-time (Lamport) diagram: the events of each process in order, the messages
 * from send event to delivery event, lost messages, crashes, and a vector timestamp for every
 * event. ShiViz, Mermaid, the SVG diagram and the HTML report all draw from this one computation.
 *
 * Vector timestamps: for a system with ground-truth causality (`causality: true`) the state after
 * each step gives every process's true timestamp (`state.P<p>.vt`) and those are used as they
 * are; otherwise they are computed here from the structured steps, the same way: a local event
 * ticks its own entry; a delivery takes the entry-wise maximum with the timestamp of the message's
 * send event, then ticks. A delivery is matched to the earliest message in flight on its channel
 * that is equal to it (for FIFO channels that is the head; for a bag, equal messages cannot be told
 * apart by the state anyway) and, with ground-truth timestamps, whose send happened before it.
 * A crash is drawn as the crashed process's last event (it ticks that process's entry only, so no
 * other timestamp changes). A generic model (no processes or messages) has one line per actor and
 * only local events.
 */
import { show, type Trace, type TraceStep } from '../trace.ts';
import { keyOf } from '../values.ts';

export interface SpaceTimeEvent {
  /** Position in `events`. */
  readonly id: number;
  /** The trace step (1-based) that is this event. */
  readonly step: number;
  /** Index into `processes`. */
  readonly process: number;
  /** 1-based position among its process's events. */
  readonly seq: number;
  readonly kind: 'local' | 'receive' | 'duplicate' | 'crash';
  /** Short label: the local action's name, the delivered message, `crash`. */
  readonly label: string;
  /** The step's full text. */
  readonly text: string;
  /** The event's vector timestamp (one entry per process). */
  readonly vt: readonly number[];
  /** The message delivered (index into `messages`). */
  readonly received?: number;
  /** The messages sent (indices into `messages`). */
  readonly sent: readonly number[];
  /** Application messages the step delivered, as the protocol declares them (`Step.deliver`). */
  readonly delivered?: readonly string[];
  /** The process's hold-back queue after the step (its `held` field), where it has one. */
  readonly held?: readonly string[];
}

export interface SpaceTimeMessage {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly msg: unknown;
  /** Compact text of the message. */
  readonly text: string;
  /** The send event, or -1 when the trace does not show it. */
  readonly send: number;
  readonly sendStep: number;
  /** The delivery events (more than one when a duplicating network delivers it again). */
  readonly deliveries: readonly number[];
  /** The step that lost it, for a lossy network. */
  readonly lostAt?: number;
}

/** A message delivered while an earlier message on the same channel was still in flight. */
export interface Overtaking {
  /** The message delivered first, though sent later. */
  readonly overtaker: number;
  /** The message it overtook. */
  readonly overtaken: number;
  /** The step at which `overtaker` is delivered. */
  readonly step: number;
}

export interface SpaceTime {
  /** One name per line of the diagram: `P0`, `P1`… for a protocol system; the actors of a generic model. */
  readonly processes: readonly string[];
  readonly events: readonly SpaceTimeEvent[];
  readonly messages: readonly SpaceTimeMessage[];
  readonly overtakings: readonly Overtaking[];
  /** Number of steps of the trace. */
  readonly steps: number;
  /** Where the vector timestamps come from. */
  readonly clocks: 'ground truth' | 'computed';
  /** The step at which each process crashed, if it did. */
  readonly crashedAt: readonly (number | undefined)[];
  /** The protocol declares its deliveries: a receipt that delivers nothing is a receipt into the hold-back queue. */
  readonly declaresDeliveries: boolean;
  /**
   * Snapshot algorithms: the step at which each process recorded its state (its `recorded` field
   * became set), undefined where it has not; absent when the processes keep no `recorded` field.
   */
  readonly recordedAt?: readonly (number | undefined)[];
}

/** The identity of an application message for drawing (`P0#1` for a message with an `id`). */
export function appId(x: unknown): string {
  if (typeof x === 'string') return x;
  if (isRec(x) && typeof x.id === 'string') return x.id;
  return show(x);
}

/** Process p's hold-back queue in a state (the `held` field of its local state), if it has one. */
function heldIn(state: unknown, p: number): string[] | undefined {
  if (!isRec(state)) return undefined;
  const local = state[`P${p}`];
  if (!isRec(local) || !Array.isArray(local.held)) return undefined;
  return local.held.map(appId);
}

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The processes of a protocol system's state (`P0`, `P1`, …), or undefined for another kind of state. */
function systemProcesses(state: unknown): number | undefined {
  if (!isRec(state)) return undefined;
  let n = 0;
  while (`P${n}` in state) n++;
  return n > 0 ? n : undefined;
}

/** The ground-truth timestamp of process p in a state, if the system tracks causality. */
function vtIn(state: unknown, p: number, n: number): readonly number[] | undefined {
  if (!isRec(state)) return undefined;
  const local = state[`P${p}`];
  if (!isRec(local)) return undefined;
  const vt = local.vt;
  return Array.isArray(vt) && vt.length === n && vt.every((x) => typeof x === 'number') ? (vt as number[]) : undefined;
}

const leq = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => x <= b[i]);

/** The space-time view of a trace. */
export function spaceTime(trace: Trace): SpaceTime {
  const n0 = systemProcesses(trace.initial);
  const structured = n0 !== undefined && trace.steps.every((s) => s.kind !== undefined || s.actor === '?');
  const processes: string[] = structured ? Array.from({ length: n0 as number }, (_, p) => `P${p}`) : [];
  const indexOfActor = (actor: string): number => {
    let i = processes.indexOf(actor);
    if (i < 0) {
      processes.push(actor);
      i = processes.length - 1;
    }
    return i;
  };
  if (!structured) for (const s of trace.steps) indexOfActor(s.actor);
  const n = processes.length;
  const groundTruth = structured && trace.steps.length > 0 && trace.steps.every((s) => Array.from({ length: n }, (_, p) => vtIn(s.state, p, n)).every(Boolean));

  const events: SpaceTimeEvent[] = [];
  const messages: { id: number; from: number; to: number; msg: unknown; text: string; send: number; sendStep: number; deliveries: number[]; lostAt?: number; vt: readonly number[] }[] = [];
  const overtakings: Overtaking[] = [];
  const crashedAt: (number | undefined)[] = new Array(n).fill(undefined);
  const clock: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  const seq = new Array(n).fill(0);
  /** inFlight[from][to]: messages in flight, oldest first. */
  const inFlight: number[][][] = Array.from({ length: n }, () => Array.from({ length: n }, () => []));

  const addEvent = (s: TraceStep, p: number, kind: SpaceTimeEvent['kind'], label: string, vt: readonly number[], received?: number): SpaceTimeEvent => {
    seq[p]++;
    clock[p] = vt.slice();
    const sent: number[] = [];
    const held = heldIn(s.state, p);
    const ev: SpaceTimeEvent = {
      id: events.length,
      step: s.index,
      process: p,
      seq: seq[p],
      kind,
      label,
      text: s.action,
      vt: Object.freeze(vt.slice()),
      ...(received !== undefined ? { received } : {}),
      sent,
      ...(s.delivered?.length ? { delivered: s.delivered.map(appId) } : {}),
      ...(held !== undefined ? { held } : {}),
    };
    events.push(ev);
    for (const x of s.sent ?? []) {
      if (x.to < 0 || x.to >= n) continue;
      const id = messages.length;
      messages.push({ id, from: p, to: x.to, msg: x.msg, text: show(x.msg), send: ev.id, sendStep: s.index, deliveries: [], vt: ev.vt });
      inFlight[p][x.to].push(id);
      sent.push(id);
    }
    return ev;
  };

  const tick = (p: number, base: readonly number[]): number[] => {
    const v = base.slice();
    v[p]++;
    return v;
  };

  /** The message in flight from `from` to `to` that a delivery (or loss) of `msg` takes. */
  const match = (from: number, to: number, msg: unknown, after?: readonly number[]): number | undefined => {
    const q = inFlight[from][to];
    const k = keyOf(msg);
    const equal = q.filter((id) => keyOf(messages[id].msg) === k);
    if (after) return equal.find((id) => leq(messages[id].vt, after)) ?? equal[0];
    return equal[0];
  };

  for (const s of trace.steps) {
    if (!structured) {
      const p = indexOfActor(s.actor);
      addEvent(s, p, 'local', s.name ?? s.action, tick(p, clock[p]));
      continue;
    }
    const p = s.process ?? (/^P(\d+)$/.exec(s.actor) ? Number(s.actor.slice(1)) : -1);
    if (p < 0 || p >= n) continue;
    switch (s.kind) {
      case 'local':
        addEvent(s, p, 'local', s.name ?? s.action, groundTruth ? (vtIn(s.state, p, n) as number[]) : tick(p, clock[p]));
        break;
      case 'receive':
      case 'duplicate': {
        const from = s.from ?? -1;
        const vtTrue = groundTruth ? (vtIn(s.state, p, n) as number[]) : undefined;
        let id = from >= 0 && from < n ? match(from, p, s.msg, vtTrue) : undefined;
        if (id === undefined) {
          // Not sent within the trace: draw it from the left edge.
          id = messages.length;
          messages.push({ id, from: Math.max(0, from), to: p, msg: s.msg, text: show(s.msg), send: -1, sendStep: 0, deliveries: [], vt: new Array(n).fill(0) });
        } else if (s.kind === 'receive') {
          const q = inFlight[from][p];
          const at = q.indexOf(id);
          for (let j = 0; j < at; j++) overtakings.push({ overtaker: id, overtaken: q[j], step: s.index });
          q.splice(at, 1);
        }
        const m = messages[id];
        const vt = vtTrue ?? tick(p, clock[p].map((x, i) => Math.max(x, m.vt[i])));
        const ev = addEvent(s, p, s.kind, m.text, vt, id);
        m.deliveries.push(ev.id);
        break;
      }
      case 'lose': {
        const from = s.from ?? -1;
        const id = from >= 0 && from < n ? match(from, p, s.msg) : undefined;
        if (id !== undefined) {
          const q = inFlight[from][p];
          q.splice(q.indexOf(id), 1);
          messages[id].lostAt = s.index;
        }
        break;
      }
      case 'crash':
        crashedAt[p] = s.index;
        addEvent(s, p, 'crash', 'crash', tick(p, clock[p]));
        break;
      default:
        addEvent(s, p, 'local', s.name ?? s.action, tick(p, clock[p]));
    }
  }
  // Snapshots: the step at which each process's `recorded` field is first set.
  const keepsRecord = structured && Array.from({ length: n }, (_, p) => isRec(trace.initial) && isRec(trace.initial[`P${p}`]) && 'recorded' in (trace.initial[`P${p}`] as Rec)).every(Boolean);
  let recordedAt: (number | undefined)[] | undefined;
  if (keepsRecord) {
    recordedAt = new Array(n).fill(undefined);
    for (const s of trace.steps) {
      for (let p = 0; p < n; p++) {
        const local = isRec(s.state) ? s.state[`P${p}`] : undefined;
        if (recordedAt[p] === undefined && isRec(local) && local.recorded !== null && local.recorded !== undefined) recordedAt[p] = s.index;
      }
    }
  }
  return {
    processes,
    events,
    messages: messages.map(({ vt: _vt, ...m }) => m),
    overtakings,
    steps: trace.steps.length,
    clocks: groundTruth ? 'ground truth' : 'computed',
    crashedAt,
    declaresDeliveries: trace.steps.some((s) => s.delivered !== undefined || s.multicasts !== undefined),
    ...(recordedAt && recordedAt.some((k) => k !== undefined) ? { recordedAt } : {}),
  };
}

/** Messages still in flight at the end of the trace (sent, never delivered nor lost). */
export function inFlightAtEnd(st: SpaceTime): SpaceTimeMessage[] {
  return st.messages.filter((m) => m.deliveries.length === 0 && m.lostAt === undefined);
}

/** A cut: how many events of each process it includes. */
export interface Cut {
  readonly frontier: readonly number[];
  /** Every delivery in the cut has its send in the cut. */
  readonly consistent: boolean;
  /** Messages delivered inside the cut but sent outside it. */
  readonly orphans: readonly number[];
}

/**
 * The cut a snapshot recorded: each process's events before the step in which it recorded its
 * state (that step, an initiation or a marker's receipt, is the snapshot's own), and every event of
 * a process that has not recorded. Undefined when the trace records nothing.
 */
export function recordedCut(st: SpaceTime): (Cut & { readonly recordedAt: readonly (number | undefined)[] }) | undefined {
  const at = st.recordedAt;
  if (!at) return undefined;
  const frontier = st.processes.map((_, p) => st.events.filter((e) => e.process === p && (at[p] === undefined || e.step < (at[p] as number))).length);
  return { ...cutOf(st, frontier), recordedAt: at };
}

/** Why a cut is inconsistent, in words: "P0's receive of TRANSFER(amount=1) is inside it, P2's send is not". */
export function orphanText(st: SpaceTime, cut: Cut): string {
  return cut.orphans
    .map((id) => {
      const m = st.messages[id];
      return `P${m.to}'s receive of ${m.text} is inside it, P${m.from}'s send is not`;
    })
    .join('; ');
}

/**
 * The cut after step `k` (every event up to step k: always consistent) or given by a frontier
 * (the number of events of each process to include).
 */
/** Why `at` is no cut of this diagram (a step past the last, a count per process past its events, another number of processes); undefined when it is one. */
export function cutProblem(st: SpaceTime, at: number | readonly number[]): string | undefined {
  if (typeof at === 'number') return at > st.steps ? `--cut ${at} is after the last step: the trace has ${st.steps} step${st.steps === 1 ? '' : 's'}` : undefined;
  const P = st.processes.length;
  if (at.length !== P) return `--cut ${at.join(',')} gives ${at.length} event count${at.length === 1 ? '' : 's'}; the trace has ${P} process${P === 1 ? '' : 'es'} (one count each)`;
  for (let p = 0; p < P; p++) {
    const n = st.events.filter((e) => e.process === p).length;
    if (at[p] > n) return `--cut ${at.join(',')}: process ${st.processes[p]} has ${n} event${n === 1 ? '' : 's'}, not ${at[p]}`;
  }
  return undefined;
}

export function cutOf(st: SpaceTime, at: number | readonly number[]): Cut {
  const frontier =
    typeof at === 'number'
      ? st.processes.map((_, p) => st.events.filter((e) => e.process === p && e.step <= at).length)
      : st.processes.map((_, p) => Math.max(0, Math.min(at[p] ?? 0, st.events.filter((e) => e.process === p).length)));
  const inCut = (eventId: number): boolean => eventId >= 0 && st.events[eventId].seq <= frontier[st.events[eventId].process];
  const orphans = st.messages.filter((m) => m.deliveries.some(inCut) && !(m.send < 0 || inCut(m.send))).map((m) => m.id);
  return { frontier, consistent: orphans.length === 0, orphans };
}
