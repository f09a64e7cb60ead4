/**
 * A worker thread's loop: wait for a job, load the model (its interned values shared with the
 * other threads), then run the levels the main thread orders until the job ends.
 */
import { readlinkSync, writeSync } from 'node:fs';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { compile } from '../compile.ts';
import { describeError } from '../errors.ts';
import type { Compiled } from '../model.ts';
import { resetCalls, shareCalls } from '../running.ts';
import { shareInterning } from '../values.ts';
import { DEBUG } from './debug.ts';
import { importModule } from './modules.ts';
import { SharedInterning } from './interning.ts';
import { Participant, type LevelOrder } from './participant.ts';
import type { Job } from './pool.ts';
import { C, rehashPart, waitWhile } from './shared.ts';
import { warmUp } from './warmup.ts';

const { port, poolCtl: poolBuffer, index: w, preload } = workerData as { port: MessagePort; poolCtl: SharedArrayBuffer; index: number; preload?: readonly string[] };
const poolCtl = new Int32Array(poolBuffer);
// The modules the job will load, imported while no job has come yet (an error is the job's to report).
for (const m of preload ?? []) await importModule(m).catch(() => undefined);
if (DEBUG) writeSync(2, `parallel: worker ${w} imported its modules at ${Date.now() % 100000} ms\n`);

async function loadModel(job: Job, sharing: SharedInterning): Promise<Compiled> {
  const mod = (await importModule(job.source.module)) as Record<string, (...a: unknown[]) => unknown>;
  let m = await mod[job.source.export](...job.source.args);
  if (job.source.pick !== undefined) m = (m as Record<string, unknown>)[job.source.pick];
  shareInterning(sharing);
  try {
    return compile(m as Parameters<typeof compile>[0]);
  } finally {
    shareInterning(undefined);
  }
}

function runJob(job: Job, c: Compiled, sharing: SharedInterning): void {
  const ctl = new Int32Array(job.ctl);
  const counters = new Float64Array(job.counters);
  let tableGen = -1;
  let slots: Int32Array = new Int32Array(0);
  let p: Participant;
  const use = (table: Int32Array, gen: number): void => {
    slots = table;
    tableGen = gen;
    p.setTable(table);
  };
  // A search that has ended (it left this thread behind, stuck in a model function, and gave up
  // the growth this thread now asks for) will grow no table: the level ends here.
  const ended = (): void => {
    if (Atomics.load(ctl, C.END) === 1) throw new Error('internal: the search ended while this thread waited for the table to grow');
  };
  /** The table of generation `want`, from the messages the main thread sent. */
  const receiveTable = (want: number): Int32Array => {
    for (;;) {
      const m = receiveMessageOnPort(port)?.message as { type: string; table: SharedArrayBuffer; gen: number } | undefined;
      if (m === undefined) {
        ended();
        Atomics.wait(ctl, C.END, 0, 1);
      } else if (m.type === 'table' && m.gen === want) return new Int32Array(m.table);
    }
  };
  const pause = (): void => {
    while (Atomics.load(ctl, C.GROW) === 1) {
      ended();
      const g = Atomics.load(ctl, C.TABLE_GEN);
      Atomics.add(ctl, C.PAUSED, 1);
      Atomics.notify(ctl, C.ARRIVED);
      while (Atomics.load(ctl, C.GROW) === 1 && Atomics.load(ctl, C.TABLE_GEN) === g) {
        ended();
        // The main thread asks the paused threads to help fill the new table (see C.R_BUSY).
        const r = Atomics.load(ctl, C.REHASH);
        if (r !== 0 && r !== tableGen) {
          // Growth r copies the table of generation r - 1, which this thread may not have taken
          // yet (it stayed paused from one growth into the next); its message comes before r's.
          if (tableGen !== r - 1) use(receiveTable(r - 1), r - 1);
          const next = receiveTable(r);
          Atomics.add(ctl, C.R_BUSY, 1);
          if (Atomics.load(ctl, C.REHASH) === r) rehashPart(slots, next, ctl);
          Atomics.sub(ctl, C.R_BUSY, 1);
          Atomics.notify(ctl, C.R_BUSY);
          // (Used for inserts only once the growth has ended: this loop waits for that.)
          use(next, r);
          continue;
        }
        Atomics.wait(ctl, C.TABLE_GEN, g, 50);
      }
      Atomics.sub(ctl, C.PAUSED, 1);
    }
    const want = Atomics.load(ctl, C.TABLE_GEN);
    if (want !== tableGen) use(receiveTable(want), want);
  };
  p = new Participant(c, w, job.threads, ctl, counters, job.checkDeadlock, pause);
  if (DEBUG) writeSync(2, `parallel: worker ${w} ready at ${Date.now() % 100000} ms (started at ${Math.round(performance.timeOrigin % 100000)})\n`);
  Atomics.store(ctl, C.READY + w, 1);
  Atomics.notify(ctl, C.ARRIVED);
  if (job.warmUp > 0 && Atomics.load(ctl, C.PART + w) === 0) {
    const t0 = performance.now();
    const n = warmUp(c, ctl, w, job.warmUp);
    if (DEBUG) writeSync(2, `parallel: worker ${w} warmed up: ${n} states expanded in ${(performance.now() - t0).toFixed(0)} ms\n`);
  }
  let last = 0;
  for (;;) {
    const part = Atomics.load(ctl, C.PART + w);
    if (part > last) {
      let order: LevelOrder | undefined;
      while (order === undefined) {
        const m = receiveMessageOnPort(port)?.message as LevelOrder | { type: string } | undefined;
        if (m === undefined) Atomics.wait(ctl, C.END, 0, 1);
        else if (m.type === 'level' && (m as LevelOrder).gen === part) order = m as LevelOrder;
      }
      last = part;
      sharing.sync();
      let adopted = 0;
      if (order.memo !== undefined) {
        const t0 = performance.now();
        adopted = c.adoptMemo?.(order.memo) ?? 0;
        if (DEBUG) writeSync(2, `parallel: worker ${w} adopted ${adopted} memo tables in ${(performance.now() - t0).toFixed(1)} ms\n`);
      }
      p.takeUnreported();
      use(new Int32Array(order.table), order.tableGen);
      const views = order.segments.map((s) => s.chunks.map((x) => new Int32Array(x)));
      const t0 = performance.now();
      const result = { ...p.runLevel(order, views), jobId: job.jobId, ms: performance.now() - t0, ...(adopted > 0 ? { adopted } : {}) };
      port.postMessage(result);
      Atomics.add(ctl, C.ARRIVED, 1);
      Atomics.notify(ctl, C.ARRIVED);
      continue;
    }
    if (Atomics.load(ctl, C.END) === 1) {
      if (DEBUG) writeSync(2, `parallel: worker ${w} model stats ${JSON.stringify(c.stats?.() ?? {})}\n`);
      return;
    }
    const g = Atomics.load(ctl, C.GEN);
    if (Atomics.load(ctl, C.PART + w) === last && Atomics.load(ctl, C.END) === 0) waitWhile(ctl, C.GEN, g, 200);
  }
}

let seen = 0;
for (;;) {
  while (Atomics.load(poolCtl, 0) === seen) Atomics.wait(poolCtl, 0, seen);
  seen = Atomics.load(poolCtl, 0);
  let job: Job | undefined;
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const msg = m.message as { type: string; jobId?: number };
    if (msg.type === 'job') job = msg as Job;
  }
  if (job === undefined || job.jobId !== seen) continue;
  const ctl = new Int32Array(job.ctl);
  const sharing = new SharedInterning(job.interning);
  // This thread's call counters, where the main thread watches them (--call-timeout), and its thread id.
  shareCalls(new Int32Array(job.calls, 16 * w, 3));
  resetCalls();
  try {
    new Int32Array(job.calls)[4 * w + 3] = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    // Not Linux: the main thread watches by the wall clock.
  }
  let c: Compiled;
  if (DEBUG) writeSync(2, `parallel: worker ${w} got its job at ${Date.now() % 100000} ms\n`);
  try {
    c = await loadModel(job, sharing);
  } catch (e) {
    port.postMessage({ type: 'loaderror', jobId: job.jobId, message: describeError(e) });
    Atomics.store(ctl, C.READY + w, 2);
    Atomics.notify(ctl, C.ARRIVED);
    continue;
  }
  if (Atomics.load(ctl, C.END) === 1) continue;
  try {
    runJob(job, c, sharing);
  } catch (e) {
    // An internal error outside a level (a level reports its own): stop the search. (READY 2: this
    // thread takes no more part; the main thread, waiting for it in a level, reads why.)
    port.postMessage({ type: 'failed', jobId: job.jobId, message: `internal: ${describeError(e)}` });
    Atomics.store(ctl, C.STOP, 1);
    Atomics.store(ctl, C.READY + w, 2);
    Atomics.notify(ctl, C.ARRIVED);
  }
}
