/**
 * The worker threads of parallel searches. A pool's threads wait for jobs (one search each); a
 * job names how each thread loads the model itself (a module, a function and its arguments), so
 * handlers, actions and properties run in every thread with memo tables of their own.
 */
import { resolve } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { InterningBuffers } from './interning.ts';

/** How a worker loads the model: `(await import(module))[export](...args)`, then its field `pick` if given. */
export interface ModelSource {
  readonly module: string;
  readonly export: string;
  readonly args: readonly unknown[];
  readonly pick?: string;
}

export interface Job {
  readonly type: 'job';
  readonly jobId: number;
  readonly source: ModelSource;
  readonly interning: InterningBuffers;
  readonly ctl: SharedArrayBuffer;
  readonly counters: SharedArrayBuffer;
  /** Threads of the search (the main thread is 0). */
  readonly threads: number;
  readonly checkDeadlock: boolean;
  /** States a worker may search privately while it waits for its first level (warmup.ts; 0: none). */
  readonly warmUp: number;
  /**
   * Per thread w, ints 4w to 4w+3: its heartbeat, stop reason and "in a model call" flag (running.ts),
   * and its Linux thread id (0 if unknown), for the main thread's --call-timeout watch.
   */
  readonly calls: SharedArrayBuffer;
}

const live = new Set<WorkerPool>();

/** The CLI's `load`: the source of every model a CLI search runs (checker/cli/main.ts). */
const CLI = new URL('../cli/main.ts', import.meta.url).href;

/**
 * The model files a worker's bundle must carry to load `source` (bundle.mjs): [] for a bundled model,
 * [file] for a model file; undefined when the source is not the CLI's `load` (the worker loads it
 * through tsx).
 */
export function bundleFor(source: ModelSource): readonly string[] | undefined {
  if (source.module !== CLI || source.export !== 'load' || typeof source.args[0] !== 'string') return undefined;
  const target = source.args[0];
  return target.includes('/') || target.includes('\\') || /\.[cm]?[jt]s$/.test(target) ? [resolve(target)] : [];
}

export class WorkerPool {
  readonly threads: { readonly worker: Worker; readonly port: MessagePort; readonly index: number }[] = [];
  private readonly poolCtl = new Int32Array(new SharedArrayBuffer(8));
  private jobs = 0;
  /**
   * Starts `size` worker threads (they take indexes 1…size; the main thread is 0). Each imports the
   * modules `preload` (URLs) while it waits for its first job, so that loading the model is quick.
   */
  constructor(
    readonly size: number,
    preload: readonly string[] = [],
    /** The model files of the threads' bundle (see bundle.mjs and bundleFor); undefined: they load through tsx. */
    readonly bundle?: readonly string[],
  ) {
    // Each thread's output is piped into this process's stdout and stderr, an 'error' listener each:
    // not a leak, however many threads (Node warns past 10).
    for (const stream of [process.stdout, process.stderr]) stream.setMaxListeners(Math.max(stream.getMaxListeners(), 2 * (live.size + 1) * size + 10));
    for (let i = 1; i <= size; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { port: port2, poolCtl: this.poolCtl.buffer, index: i, preload, bundle }, transferList: [port2] });
      worker.unref();
      worker.on('error', () => {}); // reported through the job's shared memory
      this.threads.push({ worker, port: port1, index: i });
    }
    live.add(this);
  }
  /** True when the threads can load `source` (a bundle carries the model files it was made for, no other). */
  serves(source: ModelSource): boolean {
    if (this.bundle === undefined) return true;
    const need = bundleFor(source);
    return need !== undefined && need.length === this.bundle.length && need.every((f, i) => f === this.bundle?.[i]);
  }
  /** Sends a job to every thread; its number, which every message of the threads about it carries. */
  start(job: Omit<Job, 'type' | 'jobId'>): number {
    const jobId = ++this.jobs;
    for (const t of this.threads) t.port.postMessage({ type: 'job', jobId, ...job });
    Atomics.store(this.poolCtl, 0, jobId);
    Atomics.notify(this.poolCtl, 0);
    return jobId;
  }
  close(): void {
    live.delete(this);
    if (warm === this) warm = undefined;
    for (const t of this.threads) {
      t.port.close();
      void t.worker.terminate();
    }
  }
}

let warm: WorkerPool | undefined;

/**
 * Starts `size` threads now, for the next parallel search with that many (`take`): a worker thread
 * takes about a second to start (TypeScript loading, the model's modules), which then overlaps the
 * main thread's own loading of the model. `closePools` ends them if no search takes them.
 */
export function prewarm(size: number, preload: readonly string[], bundle?: readonly string[]): void {
  if (warm !== undefined && warm.size === size) return;
  warm?.close();
  warm = new WorkerPool(size, preload, bundle);
}

/** The threads `prewarm` started, if there are `size` of them and they can load `source` (each search takes them once). */
export function takeWarm(size: number, source: ModelSource): WorkerPool | undefined {
  const p = warm;
  if (p === undefined || p.size !== size) return undefined;
  warm = undefined;
  if (!p.serves(source)) {
    p.close();
    return undefined;
  }
  return p;
}

/** Ends the threads of every pool still open (a search stopped from outside leaves its pool). */
export function closePools(): void {
  for (const p of [...live]) p.close();
}
