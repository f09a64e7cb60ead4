/**
 * Primary-backup replication of a register: clients send WRITE and READ to the primary; the
 * primary forwards each write to the backup and answers the client only once the backup has
 * acknowledged it (one write at a time, later ones queued); reads are answered from the value the
 * backup is known to hold. When the primary crashes, the backup takes over and the clients send
 * their requests (and any request left unanswered) to it.
 *
 * Crashes are part of the model, as in the bully election: the primary may `crash` at any time, and
 * as its last act the failure detector posts DOWN to the backup and to every client. The backup
 * ignores forwards that arrive after it took over (the old primary's epoch is over); it applies
 * each client request once (a retry of a write it already applied is acknowledged again).
 */
import { send, step, type Context, type Protocol, type Send, type Step } from '../protocol.ts';

export type Request = { readonly type: 'WRITE'; readonly req: number; readonly value: number } | { readonly type: 'READ'; readonly req: number };
export type Reply = { readonly type: 'WRITE_OK'; readonly req: number } | { readonly type: 'READ_OK'; readonly req: number; readonly value: number };
export type Internal = { readonly type: 'FORWARD'; readonly client: number; readonly req: number; readonly value: number } | { readonly type: 'ACK'; readonly client: number; readonly req: number } | { readonly type: 'DOWN' };
export type PBMsg = Request | Reply | Internal;

/** A write the primary has taken: (client, request id, value). */
export type Write = readonly [number, number, number];

export interface Primary {
  readonly role: 'primary';
  readonly up: boolean;
  /** The value the backup is known to hold. */
  readonly value: number;
  /** The write waiting for the backup's ACK, and those queued behind it. */
  readonly inFlight: Write | null;
  readonly queue: readonly Write[];
}

export interface Backup {
  readonly role: 'backup';
  readonly value: number;
  /** The primary is down: this process serves the clients. */
  readonly active: boolean;
  /** Per client (by position among the clients), the last request id applied. */
  readonly applied: readonly number[];
  /** Requests that arrived before this process knew the primary was down: served when it knows. */
  readonly early: readonly (readonly [number, Request])[];
}

export interface Client {
  readonly role: 'client';
  /** 0: nothing done; 1: writing; 2: written; 3: reading; 4: done. */
  readonly phase: 0 | 1 | 2 | 3 | 4;
  /** The primary is down: requests go to the backup. */
  readonly failedOver: boolean;
}

export type PBState = Primary | Backup | Client;

const primaryOf = (ctx: Context): number => ctx.peers.primary[0];
const backupOf = (ctx: Context): number => ctx.peers.backup[0];

/** The value client number i (from 0) writes: 1, 2, … (0 is the register's initial value). */
export const valueOf = (i: number): number => i + 1;

/** Forward w to the backup. */
const forward = (ctx: Context, w: Write): Send<PBMsg> => send(backupOf(ctx), { type: 'FORWARD', client: w[0], req: w[1], value: w[2] });

export const primary: Protocol<Primary, PBMsg, PBMsg> = {
  name: 'primary',
  init: () => ({ role: 'primary', up: true, value: 0, inFlight: null, queue: [] }),
  actions: {
    /** Crash-stop; the failure detector tells the backup and the clients. */
    crash: { guard: (s) => s.up, run: (s, ctx) => step({ ...s, up: false }, ctx.others.map((q) => send(q, { type: 'DOWN' }))) },
  },
  handlers: {
    WRITE: (s, msg, from, ctx) => {
      if (!s.up) return step(s);
      const w: Write = [from, msg.req, msg.value];
      return s.inFlight === null ? step({ ...s, inFlight: w }, forward(ctx, w)) : step({ ...s, queue: [...s.queue, w] });
    },
    READ: (s, msg, from) => (s.up ? step(s, send(from, { type: 'READ_OK', req: msg.req, value: s.value })) : step(s)),
    /** The backup has the write: it is safe to apply and to answer. */
    ACK: (s, _msg, _from, ctx) => {
      if (!s.up || s.inFlight === null) return step(s);
      const [client, req, value] = s.inFlight;
      const [next, ...queue] = s.queue;
      return step({ ...s, value, inFlight: next ?? null, queue }, send(client, { type: 'WRITE_OK', req }), next ? [forward(ctx, next)] : []);
    },
    FORWARD: (s) => step(s),
    DOWN: (s) => step(s),
    WRITE_OK: (s) => step(s),
    READ_OK: (s) => step(s),
  },
  isDone: (s) => !s.up || (s.inFlight === null && s.queue.length === 0),
};

/** The backup in charge serves a client request: a write once per request id, a read from its value. */
function serve(s: Backup, r: Request, from: number, ctx: Context): Step<Backup, PBMsg> {
  if (r.type === 'READ') return step(s, send(from, { type: 'READ_OK', req: r.req, value: s.value }));
  const i = ctx.peers.client.indexOf(from);
  const fresh = s.applied[i] < r.req;
  return step(fresh ? { ...s, value: r.value, applied: s.applied.map((x, j) => (j === i ? r.req : x)) } : s, send(from, { type: 'WRITE_OK', req: r.req }));
}

export const backup: Protocol<Backup, PBMsg, PBMsg> = {
  name: 'backup',
  init: (ctx) => ({ role: 'backup', value: 0, active: false, applied: ctx.peers.client.map(() => 0), early: [] }),
  actions: {},
  handlers: {
    FORWARD: (s, msg, from, ctx) => {
      if (s.active) return step(s); // from a primary that is gone
      const i = ctx.peers.client.indexOf(msg.client);
      return step({ ...s, value: msg.value, applied: s.applied.map((r, j) => (j === i ? msg.req : r)) }, send(from, { type: 'ACK', client: msg.client, req: msg.req }));
    },
    DOWN: (s, _msg, _from, ctx) => {
      let t: Backup = { ...s, active: true, early: [] };
      const replies: Send<PBMsg>[] = [];
      for (const [from, r] of s.early) {
        const res = serve(t, r, from, ctx);
        t = res.state;
        replies.push(...(res.send ?? []));
      }
      return step(t, replies);
    },
    WRITE: (s, msg, from, ctx) => (s.active ? serve(s, msg, from, ctx) : step({ ...s, early: [...s.early, [from, msg] as const] })),
    READ: (s, msg, from, ctx) => (s.active ? serve(s, msg, from, ctx) : step({ ...s, early: [...s.early, [from, msg] as const] })),
    ACK: (s) => step(s),
    WRITE_OK: (s) => step(s),
    READ_OK: (s) => step(s),
  },
};

/** Where the client's requests go now. */
const server = (s: Client, ctx: Context): number => (s.failedOver ? backupOf(ctx) : primaryOf(ctx));
/** The request the client has outstanding (request id 1 is its write, 2 its read). */
function request(s: Client, ctx: Context): Request | null {
  if (s.phase === 1) return { type: 'WRITE', req: 1, value: valueOf(ctx.index) };
  if (s.phase === 3) return { type: 'READ', req: 2 };
  return null;
}

/** A client writes its value once, then reads once. */
export const client: Protocol<Client, PBMsg, PBMsg> = {
  name: 'client',
  init: () => ({ role: 'client', phase: 0, failedOver: false }),
  actions: {
    write: { guard: (s) => s.phase === 0, run: (s, ctx) => step({ ...s, phase: 1 as const }, send(server(s, ctx), request({ ...s, phase: 1 }, ctx) as Request)) },
    read: { guard: (s) => s.phase === 2, run: (s, ctx) => step({ ...s, phase: 3 as const }, send(server(s, ctx), request({ ...s, phase: 3 }, ctx) as Request)) },
  },
  handlers: {
    WRITE_OK: (s, msg) => (s.phase === 1 && msg.req === 1 ? step({ ...s, phase: 2 as const }) : step(s)),
    READ_OK: (s, msg) => (s.phase === 3 && msg.req === 2 ? step({ ...s, phase: 4 as const }) : step(s)),
    /** Fail over: send the outstanding request again, to the backup. */
    DOWN: (s, _msg, _from, ctx) => {
      const t: Client = { ...s, failedOver: true };
      const r = request(t, ctx);
      return step(t, r ? [send(backupOf(ctx), r)] : []);
    },
    WRITE: (s) => step(s),
    READ: (s) => step(s),
    FORWARD: (s) => step(s),
    ACK: (s) => step(s),
  },
  isDone: (s) => s.phase === 4,
};
