/**
 * Receiving versus delivering, in the engine's ground truth (lecture notes, "Receiving versus
 * delivering", "Stronger orderings"). A protocol step may declare what it means to the application
 * above it: the messages it multicasts and those it delivers (`Step.multicasts`, `Step.deliver`).
 * From these the engine keeps a second happens-before, at the application level, whose events are
 *
 *   - multicast(m): one per declared multicast;
 *   - deliver(m):   one per declared delivery, after the step's multicasts;
 *   - local:        a local action that declares nothing (an application event of its own);
 *
 * ordered within a process in the order they happen, and across processes by one edge per message:
 * from multicast(m) to each deliver(m). Receiving a message into a hold-back queue is no event at
 * this level: only the network-level relation (`Event.vt`, send → receive) sees it.
 *
 *        P0  ──●multicast(m1)────────────────────────────
 *               ╲ ╲
 *        P1  ────○─┼──●deliver(m1)──●multicast(m2)───────       ○ receive (network only)
 *                  ╲              ╲                             ● application event
 *        P2  ───────○ held back ──┼──○──●deliver(m1)──●deliver(m2)
 *
 * m1 → m2 at both levels here. At the network level, P1 receiving m1 already orders what P1 does
 * next; at the application level only P1's delivery of m1 does. Causal-order properties use the
 * application level: the notes define causal order by "multicast(g, m1)→multicast(g, m2)" and what
 * processes "see" (deliver), not by receipts into a hold-back queue; the
 * network level stays for protocols that need it (snapshots, clocks).
 *
 * Every event's application vector timestamp `avt` is computed the usual way: a multicast or
 * local event ticks the process's own entry; a delivery takes the element-wise maximum with the
 * multicast's timestamp, then ticks. The timestamps are a function of the run's history, which a
 * causal system keeps in its state: declaring deliveries adds no state.
 */
import type { AppEvents } from '../src/protocol.ts';
import { ModelError } from './errors.ts';
import { keyOf } from './values.ts';

/** One application-level event of a step. */
export interface AppEvent {
  readonly kind: 'multicast' | 'deliver' | 'local';
  /** The application message multicast or delivered (its declared identity); absent for `local`. */
  readonly id?: unknown;
  /** Ground-truth application-level vector timestamp. */
  readonly avt: readonly number[];
}

/** What a step declared, with the identities' canonical keys. */
export interface AppDecl {
  readonly multicasts: readonly unknown[];
  readonly deliver: readonly unknown[];
  readonly multicastKeys: readonly string[];
  readonly deliverKeys: readonly string[];
}

const NONE: AppDecl = Object.freeze({ multicasts: [], deliver: [], multicastKeys: [], deliverKeys: [] });

/** The declaration of a step result (checked: lists, if given). */
export function appDeclOf(r: AppEvents, where: string): AppDecl {
  const { multicasts, deliver } = r;
  if (multicasts === undefined && deliver === undefined) return NONE;
  if (multicasts !== undefined && !Array.isArray(multicasts)) throw new ModelError(`${where} declares multicasts that are not a list: ${keyOf(multicasts)}`, where);
  if (deliver !== undefined && !Array.isArray(deliver)) throw new ModelError(`${where} declares deliveries that are not a list: ${keyOf(deliver)}`, where);
  const m = multicasts ?? [];
  const d = deliver ?? [];
  return { multicasts: m, deliver: d, multicastKeys: m.map((x) => keyOf(x)), deliverKeys: d.map((x) => keyOf(x)) };
}

/** True if the declaration is empty. */
export function declaresNothing(d: AppDecl): boolean {
  return d.multicasts.length === 0 && d.deliver.length === 0;
}

/** The application events of one step, with a key that tells them apart (for the system's event memo). */
export interface AppStep {
  readonly events: readonly AppEvent[];
  readonly key: string;
}

const NO_APP: AppStep = Object.freeze({ events: Object.freeze([]) as readonly AppEvent[], key: '' });

/**
 * The application-level clocks of a causal system, by history: each history (a process's events
 * so far, interned by the system) has the application timestamp of its last event and the stamps
 * of the multicasts it made. These tables are caches: a history this thread has not extended to
 * itself (in a parallel search, another thread made it) gets them from its events, which hold
 * their application events.
 */
export class ApplicationOrder {
  private readonly last: (readonly number[] | undefined)[] = [];
  private readonly stamps: (ReadonlyMap<string, readonly number[]> | undefined)[] = [];
  private readonly zero: readonly number[];
  /**
   * By process, then history: the step of a local action that declares nothing (one local event).
   * By process too: the empty history is every process's.
   */
  private readonly localStep: (AppStep | undefined)[][];

  /** `eventsOf(h)`: history h's events, oldest first. */
  constructor(
    readonly n: number,
    private readonly eventsOf: (h: number) => readonly { readonly app?: readonly AppEvent[] }[],
  ) {
    this.zero = Object.freeze(new Array<number>(n).fill(0));
    this.localStep = Array.from({ length: n }, () => []);
  }

  /** Registers the empty history. */
  start(h: number): void {
    this.last[h] = this.zero;
    this.stamps[h] = new Map();
  }

  /** The tables of a history this thread has not registered, from its events. */
  private learn(h: number): void {
    let last = this.zero;
    const stamps = new Map<string, readonly number[]>();
    for (const ev of this.eventsOf(h)) {
      for (const e of ev.app ?? []) {
        last = e.avt;
        if (e.kind === 'multicast') stamps.set(keyOf(e.id), e.avt);
      }
    }
    while (this.last.length < h) {
      this.last.push(undefined);
      this.stamps.push(undefined);
    }
    this.last[h] = last;
    this.stamps[h] = stamps;
  }

  private lastAt(h: number): readonly number[] {
    const r = this.last[h];
    if (r !== undefined) return r;
    this.learn(h);
    return this.last[h] as readonly number[];
  }

  private stampsAt(h: number): ReadonlyMap<string, readonly number[]> {
    const r = this.stamps[h];
    if (r !== undefined) return r;
    this.learn(h);
    return this.stamps[h] as ReadonlyMap<string, readonly number[]>;
  }

  /**
   * The application events of p's next step, whose history so far is h. `historyOf(q)` gives the
   * current history of every process, where the multicasts being delivered are looked up.
   */
  next(p: number, h: number, decl: AppDecl, isLocal: boolean, historyOf: (q: number) => number): AppStep {
    if (declaresNothing(decl)) {
      if (!isLocal) return NO_APP;
      const r = this.localStep[p][h];
      return r !== undefined ? r : this.local(p, h);
    }
    return this.declared(p, h, decl, historyOf);
  }

  private local(p: number, h: number): AppStep {
    const avt = this.lastAt(h).slice();
    avt[p]++;
    Object.freeze(avt);
    const r: AppStep = { events: Object.freeze([Object.freeze({ kind: 'local' as const, avt })]), key: avt.join(',') };
    const mine = this.localStep[p];
    while (mine.length < h) mine.push(undefined);
    mine[h] = r;
    return r;
  }

  private declared(p: number, h: number, decl: AppDecl, historyOf: (q: number) => number): AppStep {
    let t = this.lastAt(h);
    const out: AppEvent[] = [];
    const tick = (v: readonly number[]): number[] => {
      const r = v.slice();
      r[p]++;
      return r;
    };
    const mine = new Map<string, readonly number[]>();
    decl.multicasts.forEach((id, i) => {
      t = Object.freeze(tick(t));
      mine.set(decl.multicastKeys[i], t);
      out.push({ kind: 'multicast', id, avt: t });
    });
    decl.deliver.forEach((id, i) => {
      const k = decl.deliverKeys[i];
      let stamp = mine.get(k);
      for (let q = 0; stamp === undefined && q < this.n; q++) stamp = this.stampsAt(historyOf(q)).get(k);
      const m = t.slice();
      if (stamp) for (let j = 0; j < this.n; j++) if (stamp[j] > m[j]) m[j] = stamp[j];
      t = Object.freeze(tick(m));
      out.push({ kind: 'deliver', id, avt: t });
    });
    return { events: out, key: out.map((e) => e.avt.join(',')).join(';') };
  }

  /** Registers history r: history h followed by an event with these application events. */
  extend(h: number, r: number, app: readonly AppEvent[]): void {
    if (this.last[r] !== undefined) return;
    while (this.last.length < r) {
      this.last.push(undefined);
      this.stamps.push(undefined);
    }
    this.last[r] = app.length ? app[app.length - 1].avt : this.lastAt(h);
    const made = app.filter((e) => e.kind === 'multicast');
    if (!made.length) this.stamps[r] = this.stampsAt(h);
    else {
      const m = new Map(this.stampsAt(h));
      for (const e of made) m.set(keyOf(e.id), e.avt);
      this.stamps[r] = m;
    }
  }

  /** The application timestamp of history h's last event (zeros for the empty history). */
  lastOf(h: number): readonly number[] {
    return this.lastAt(h);
  }
}
