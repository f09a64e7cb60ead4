/**
 * The interactive explorer's HTTP server (node:http, no framework). One page (./page.ts) and a
 * small JSON API over a Session:
 *
 *   GET    /                    the page
 *   GET    /api/model           name, parameters, properties, goals, witnesses ruled out
 *   GET    /api/state?init=I&path=3.0.1&at=K
 *                               the state after the first K steps of the path: its fields, every
 *                               property's value, the enabled steps, the space-time diagram
 *   POST   /api/find            {init, path, goal, maxStates}: a search from there in a worker thread
 *   GET    /api/find/ID         its progress, then what it found (a path)
 *   DELETE /api/find/ID         cancels it
 *   POST   /api/trace?name=F    a saved trace (.trace.json or .itf.json text; F its file's name, for
 *                               messages): the path that replays it
 *
 * Robustness: a malformed or stale path is a 400 with a one-line message; request bodies and URLs
 * have size limits (413, 414); a request for another host name is refused (403; DNS rebinding)
 * unless the server listens on a non-loopback address; nothing in a request is evaluated; any
 * failure is caught and answered, never a crash.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { describeError, InterleaveError, UsageError } from '../errors.ts';
import { parseTrace } from '../format/read.ts';
import { toSvg } from '../format/svg.ts';
import type { Checkable } from '../model.ts';
import { replay } from '../replay.ts';
import { show } from '../trace.ts';
import { page } from './page.ts';
import type { SearchMessage, SearchRequest, WorkerSetup } from './search.ts';
import { MAX_PATH, parseIndex, parsePath, PathError, Session } from './session.ts';

export interface ExplorerOptions {
  readonly model: Checkable;
  /** The model's name and parameters, as shown. */
  readonly label: string;
  readonly params: Readonly<Record<string, number>>;
  /** How a worker thread loads the same model (a bundled name or a file path); without it, no search. */
  readonly source?: { readonly target: string; readonly params: Readonly<Record<string, number>> };
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
  /** Largest number of states a search may visit (default 2,000,000). */
  readonly maxStates?: number;
  /** Load the model in a worker thread at once, so the first search starts without waiting (default true). */
  readonly warm?: boolean;
  /** How long the model's code may run for one request, in ms (default 10,000): past it, the request is a 422. */
  readonly callTimeoutMs?: number;
  /** The witnesses the model's definition rules out at these parameters (left out of `model`): the page names them. */
  readonly ruledOut?: readonly { readonly name: string; readonly reason: string }[];
}

export interface Explorer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops the server and any search; resolves when every connection is closed. */
  close(): Promise<void>;
}

/** Body size limits: a saved trace, and anything else. */
export const LIMITS = { trace: 16 * 1024 * 1024, json: 64 * 1024, url: 8 * 1024 } as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Job {
  readonly id: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  progress?: Omit<Extract<SearchMessage, { type: 'progress' }>, 'type'>;
  message?: string;
  /** The whole path to what was found (the path searched from, then the steps found). */
  found?: { init: number; path: number[] };
  worker?: Worker;
  /** The --call-timeout watch over the worker (stalled()), while the search runs. */
  watch?: NodeJS.Timeout;
  readonly maxStates: number;
}

/** A loopback address or name, as --host gives it or a Host header does (without its port): 127.x.y.z, localhost, ::1. */
export const isLoopback = (host: string): boolean => /^(?:localhost|::1|\[::1\]|127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})$/i.test(host);
const WORKER = new URL('./worker.mjs', import.meta.url);

const KEY = Symbol.for('interleave.explorer.bounded');
const bounded = new vm.Script('globalThis[Symbol.for("interleave.explorer.bounded")]()', { filename: 'interleave-explorer' });

/**
 * Runs f (the model's code for one request) for at most `ms`: a model function that loops forever
 * ends the request with a 422, instead of holding the server (and its Ctrl-C) for ever.
 */
function within<T>(ms: number, f: () => T): T {
  (globalThis as Record<symbol, unknown>)[KEY] = f;
  try {
    return bounded.runInThisContext({ timeout: ms }) as T;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new HttpError(422, `the model's code ran for more than ${ms / 1000} s on this request: does it loop forever?`);
    throw e;
  } finally {
    delete (globalThis as Record<symbol, unknown>)[KEY];
  }
}

/** Starts the explorer's server; rejects with a one-line UsageError when the port is taken. */
export async function startExplorer(options: ExplorerOptions): Promise<Explorer> {
  const session = new Session(options.model);
  const host = options.host ?? '127.0.0.1';
  const maxStates = options.maxStates ?? 2_000_000;
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const jobs = new Map<number, Job>();
  let nextJob = 1;
  let closed = false;
  /** A worker thread that has loaded (or is loading) the model, waiting for a search. */
  let spare: Worker | undefined;
  /** Each worker's call counters (WorkerSetup.calls), which its job watches. */
  const callsOf = new WeakMap<Worker, Int32Array>();
  const spawnWorker = (): Worker => {
    const calls = new SharedArrayBuffer(16);
    const setup: WorkerSetup = { target: (options.source as NonNullable<ExplorerOptions['source']>).target, params: (options.source as NonNullable<ExplorerOptions['source']>).params, calls };
    const w = new Worker(WORKER, { workerData: setup });
    callsOf.set(w, new Int32Array(calls));
    w.on('error', () => {}); // a job listening to it reports the failure
    w.on('exit', () => {
      if (spare === w) spare = undefined;
    });
    w.unref();
    return w;
  };
  if (options.source && options.warm !== false) spare = spawnWorker();
  const sometimes = session.c.properties.filter((p) => p.kind === 'sometimes').map((p) => p.name);
  const goals = [{ id: 'counterexample', text: 'a counterexample: a violation or a deadlock' }, ...sometimes.map((name) => ({ id: `witness:${name}`, text: `a witness for ${name}` }))];

  const modelInfo = {
    model: options.label,
    params: options.params,
    initialStates: session.initialCount,
    properties: session.c.properties.map((p) => ({ name: p.name, kind: p.kind, ...(p.description !== undefined ? { description: p.description } : {}) })),
    goals: options.source ? goals : [],
    maxStates,
    ruledOut: (options.ruledOut ?? []).map(({ name, reason }) => ({ name, reason })),
  };

  /** The position a query or body names, checked against the model. */
  const position = (init: number, path: number[], at: number) => {
    if (at > path.length) throw new PathError(`at is ${at}, but the path has ${path.length} steps`, path.length);
    const walked = session.walk(init, path);
    return walked;
  };

  const stateAt = (init: number, path: number[], at: number) => {
    const { states, steps } = position(init, path, at);
    const v = states[at];
    const trace = session.trace(states, steps);
    const here = session.trace(states.slice(0, at + 1), steps.slice(0, at));
    const changes = at > 0 ? here.steps[at - 1].changes : [];
    const via = at > 0 ? steps[at - 1] : undefined;
    const enabled = session.left(v, via) !== undefined ? [] : session.steps(v);
    const run = `a run of ${path.length} ${path.length === 1 ? 'step' : 'steps'}`;
    const title = `${options.label}: ${path.length === 0 ? 'initial state' : trace.kind === 'violation' ? `${trace.property?.name} violated after ${path.length} steps` : trace.kind === 'deadlock' ? `deadlock after ${path.length} steps` : trace.loop !== undefined ? `${run} that returns to the state ${trace.loop === 0 ? 'at the start' : `after step ${trace.loop}`}: a cycle that can repeat for ever` : run}`;
    return {
      init,
      path,
      at,
      history: steps.map((s, i) => ({ index: i + 1, text: s.text })),
      step: at > 0 ? { index: at, text: steps[at - 1].text, changes: changes.map((ch) => ({ path: ch.path, before: showValue(ch.before), after: showValue(ch.after) })) } : null,
      state: session.view(v, changes),
      properties: session.properties(v, via),
      enabled: enabled.map((s, k) => ({ label: k, text: s.text, actor: s.description.actor, kind: s.description.kind ?? null, onPath: at < path.length && path[at] === k, ...(s.leaves !== undefined ? { leaves: s.leaves } : {}) })),
      end: session.end(v, via) ?? null,
      svg: toSvg(trace, { clocks: false, inline: true, title }),
      diagramKind: trace.kind,
    };
  };

  const startJob = (body: unknown): Job => {
    if (!options.source) throw new HttpError(501, 'this explorer cannot search: it was started without a model a worker can load');
    const o = objectBody(body);
    const init = intField(o, 'init', 0);
    const path = pathField(o, 'path');
    if (o.goal !== undefined && typeof o.goal !== 'string') throw new HttpError(400, `goal must be a string, one of ${goals.map((g) => g.id).join(', ')}`);
    const goal = typeof o.goal === 'string' ? o.goal : 'counterexample';
    if (!goals.some((g) => g.id === goal)) throw new HttpError(400, `goal must be one of ${goals.map((g) => g.id).join(', ')}; got '${goal.slice(0, 60)}'`);
    const limit = Math.min(maxStates, intField(o, 'maxStates', maxStates));
    if (limit < 1) throw new HttpError(400, 'maxStates must be at least 1');
    const walked = session.walk(init, path); // a bad path is a 400 here, not a failed job
    const left = session.left(walked.states[path.length], walked.steps[path.length - 1]);
    if (left !== undefined) throw new HttpError(400, `this state is outside the model's ${left}: the checker does not search on from it`);
    for (const j of jobs.values()) if (j.status === 'running') cancel(j); // one search at a time
    const job: Job = { id: nextJob++, status: 'running', maxStates: limit };
    jobs.set(job.id, job);
    if (jobs.size > 20) jobs.delete(Math.min(...jobs.keys()));
    const req: SearchRequest = { init, path, goal, maxStates: limit };
    const worker = spare ?? spawnWorker();
    spare = undefined;
    job.worker = worker;
    worker.on('message', (m: SearchMessage) => {
      if (job.status !== 'running') return;
      if (m.type === 'progress') job.progress = { distinctStates: m.distinctStates, transitions: m.transitions, maxDepth: m.maxDepth, seconds: m.seconds };
      else if (m.type === 'error') finish(job, 'failed', m.message);
      else {
        job.progress = { distinctStates: m.distinctStates, transitions: job.progress?.transitions ?? 0, maxDepth: job.progress?.maxDepth ?? 0, seconds: m.seconds };
        if (m.found && m.labels) {
          const full = [...path, ...m.labels];
          try {
            session.walk(init, full);
            job.found = { init, path: full };
            finish(job, 'done', m.message);
          } catch (e) {
            finish(job, 'failed', `the path found does not replay here: ${describeError(e)}`);
          }
        } else finish(job, 'done', m.message);
      }
    });
    worker.on('error', (e) => finish(job, 'failed', `the search failed: ${describeError(e)}`));
    worker.on('exit', () => {
      if (job.status === 'running') finish(job, 'failed', 'the search stopped without an answer');
    });
    // A model function that loops would keep the worker busy for ever: it ends the search as
    // `check --call-timeout` ends one, with the model error.
    const isStalled = stalled(callsOf.get(worker) as Int32Array, callTimeoutMs);
    job.watch = setInterval(() => {
      if (isStalled()) finish(job, 'failed', `a model function ran for more than ${callTimeoutMs / 1000} s (--call-timeout): does it loop forever?`);
    }, 50);
    job.watch.unref();
    worker.postMessage(req);
    return job;
  };
  const finish = (job: Job, status: Job['status'], message: string): void => {
    if (job.status !== 'running') return;
    job.status = status;
    job.message = message;
    clearInterval(job.watch);
    const w = job.worker;
    job.worker = undefined;
    void w?.terminate();
    // A fresh worker loads the model while the page shows the result, so the next search starts at once.
    if (!closed) spare ??= spawnWorker();
  };
  const cancel = (job: Job): void => finish(job, 'cancelled', 'cancelled');
  const jobJson = (job: Job) => ({ id: job.id, status: job.status, maxStates: job.maxStates, progress: job.progress ?? null, message: job.message ?? null, found: job.found ?? null });

  /** `name`: the uploaded file's name, for messages. */
  const loadTrace = (text: string, name: string) => {
    let t;
    try {
      t = parseTrace(text, name);
    } catch (e) {
      throw new HttpError(400, describeError(e));
    }
    if (t.model !== undefined && t.model !== options.label) throw new HttpError(400, `the trace is of model ${t.model}, this explorer runs ${options.label}`);
    const theirs = Object.entries(t.params).map(([k, x]) => `${k}=${x}`).sort().join(' ');
    const ours = Object.entries(options.params).map(([k, x]) => `${k}=${x}`).sort().join(' ');
    if (t.model !== undefined && theirs !== ours) throw new HttpError(400, `the trace has parameters ${theirs || 'none'}, this explorer runs ${ours || 'none'}`);
    const r = replay(session.c, t.trace, { labelled: t.labelled });
    if (r.status !== 'reproduced') throw new HttpError(400, `the trace does not replay here: ${r.message}`);
    // replay's path is in the engine's labels: find the same steps in the canonical order.
    const init = initIndex(session, r.path[0]);
    const followed = session.follow(session.walk(init, []).states[0], t.trace);
    if (followed.failedAt !== undefined) throw new HttpError(400, `step ${followed.failedAt} of the trace cannot be followed`);
    return { init, path: followed.labels, steps: t.trace.steps.length, message: `${t.format === 'itf' ? 'ITF trace' : 'trace'}: ${r.message}` };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if ((req.url ?? '').length > LIMITS.url) throw new HttpError(414, `the URL is longer than ${LIMITS.url} characters`);
    // (Node's own check of the Host header is off, so that this one answers with a message.)
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) throw new HttpError(400, 'an HTTP/1.1 request needs a Host header');
    if (isLoopback(host)) {
      const h = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!isLoopback(h)) throw new HttpError(403, `requests for host '${h.slice(0, 60)}' are refused: use ${urlOf(host, port())}`);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname;
    const method = req.method ?? 'GET';
    if (route === '/' || route === '/index.html') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} is not allowed here`);
      const nonce = randomBytes(16).toString('base64');
      const body = page(nonce, modelInfo);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (route === '/api/model' && method === 'GET') return json(res, 200, modelInfo);
    if (route === '/api/state' && method === 'GET') {
      const path = parsePath(url.searchParams.get('path'));
      const init = parseIndex('init', url.searchParams.get('init'), 0);
      const at = parseIndex('at', url.searchParams.get('at'), path.length);
      return json(res, 200, within(callTimeoutMs, () => stateAt(init, path, at)));
    }
    if (route === '/api/find' && method === 'POST') {
      const body = await readJson(req, LIMITS.json);
      return json(res, 202, jobJson(within(callTimeoutMs, () => startJob(body))));
    }
    const m = /^\/api\/find\/(\d{1,9})$/.exec(route);
    if (m) {
      if (method !== 'GET' && method !== 'DELETE') throw new HttpError(405, `${method} is not allowed here`);
      const job = jobs.get(Number(m[1]));
      if (!job) throw new HttpError(404, `no search ${m[1]}`);
      if (method === 'DELETE') cancel(job);
      return json(res, 200, jobJson(job));
    }
    if (route === '/api/trace' && method === 'POST') {
      const text = await readText(req, LIMITS.trace);
      // The page names the file it uploads; anything unprintable in the name is dropped.
      const name = (url.searchParams.get('name') ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 100);
      return json(res, 200, within(callTimeoutMs, () => loadTrace(text, name === '' ? 'the uploaded trace' : name)));
    }
    if (['/api/state', '/api/model', '/api/find', '/api/trace'].includes(route)) throw new HttpError(405, `${method} is not allowed here`);
    if (route.startsWith('/api/')) throw new HttpError(404, `no such API: ${route.slice(0, 80)}`);
    throw new HttpError(404, `not found: ${route.slice(0, 80)}`);
  };

  const server = createServer({ requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : e instanceof PathError ? 400 : e instanceof InterleaveError ? 422 : 500;
      const extra = e instanceof PathError ? { valid: e.valid } : e instanceof HttpError ? e.extra : {};
      const message = e instanceof HttpError || e instanceof PathError ? e.message : e instanceof InterleaveError ? `the model raised an error: ${e.message}` : `internal error: ${describeError(e)}`;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      json(res, status, { error: message, ...extra });
      // A body left unread (too large) would keep the connection busy.
      if (!req.complete) req.resume();
    });
  });
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    const [status, error] = e.code === 'HPE_HEADER_OVERFLOW' ? ['431 Request Header Fields Too Large', 'the request headers are too large'] : ['400 Bad Request', `malformed HTTP request (${e.code ?? 'unparsable'})`];
    const body = `${JSON.stringify({ error })}\n`;
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    else socket.destroy();
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.maxHeadersCount = 100;
  const port = (): number => (server.address() as AddressInfo | null)?.port ?? options.port ?? 0;

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') rejectListen(new UsageError(`port ${options.port} on ${host} is in use (choose another with --port, or --port 0 for any free one)`));
      else if (e.code === 'EACCES') rejectListen(new UsageError(`not allowed to listen on port ${options.port} of ${host} (choose a port above 1023)`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') rejectListen(new UsageError(`cannot listen on ${host}: no such local address`));
      else rejectListen(new UsageError(`cannot listen on ${host}:${options.port}: ${describeError(e)}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port ?? 0, host);
  });
  server.on('error', () => {});

  return {
    url: urlOf(host, port()),
    port: port(),
    server,
    close: async () => {
      closed = true;
      for (const j of jobs.values()) if (j.status === 'running') cancel(j);
      void spare?.terminate();
      spare = undefined;
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The --call-timeout watch over a search's worker thread, as checker/cli/guard.ts's watchdog
 * watches the CLI's search (a SIGINT there would stop this whole server): `calls` are the
 * worker's heartbeat, whether a model function runs, and its thread id (search.ts). True once the
 * heartbeat has stood still while a model function ran for `budgetMs` of the worker's CPU time
 * (Linux), or for ten times that by the wall clock (elsewhere, or a call that blocks).
 */
function stalled(calls: Int32Array, budgetMs: number): () => boolean {
  const cpuMs = (): number | undefined => {
    const tid = Atomics.load(calls, 3);
    if (tid === 0) return undefined;
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      return Number.isFinite(ms) ? ms : undefined;
    } catch {
      return undefined;
    }
  };
  let seen = -1;
  let since = 0;
  let sinceWall = 0;
  // Which clock `since` reads (1 CPU time, 2 the wall clock): it must not change under it.
  let clock = 0;
  return () => {
    const now = Date.now();
    const cpu = cpuMs();
    const beat = Atomics.load(calls, 0);
    if (beat !== seen || Atomics.load(calls, 2) === 0 || (cpu !== undefined ? 1 : 2) !== clock) {
      seen = beat;
      since = cpu ?? now;
      sinceWall = now;
      clock = cpu !== undefined ? 1 : 2;
      return false;
    }
    return (cpu ?? now) - since >= budgetMs || now - sinceWall >= 10 * budgetMs;
  };
}

function urlOf(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return `http://${h}:${port}/`;
}

/** The initial state's position among the session's initial states, given the engine's label of it. */
function initIndex(session: Session, label: number): number {
  let index = 0;
  let i = 0;
  session.c.initial((_v, l) => {
    if (l === label) index = i;
    i++;
  });
  return index;
}

function showValue(x: unknown): string {
  return x === undefined ? '—' : show(x);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw new HttpError(413, `the request body is larger than ${limit.toLocaleString('en-US')} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `the request body is larger than ${limit.toLocaleString('en-US')} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readText(req, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, `the request body is not JSON: ${describeError(e)}`);
  }
}

function objectBody(x: unknown): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new HttpError(400, 'the request body must be a JSON object');
  return x as Record<string, unknown>;
}

function intField(o: Record<string, unknown>, name: string, fallback: number): number {
  const x = o[name];
  if (x === undefined) return fallback;
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) throw new HttpError(400, `${name} must be a non-negative integer`);
  return x;
}

function pathField(o: Record<string, unknown>, name: string): number[] {
  const x = o[name];
  if (x === undefined) return [];
  if (typeof x === 'string') return parsePath(x);
  if (!Array.isArray(x) || x.length > MAX_PATH || !x.every((k) => typeof k === 'number' && Number.isSafeInteger(k) && k >= 0)) throw new HttpError(400, `${name} must be a list of step numbers (at most ${MAX_PATH})`);
  return x as number[];
}
