/**
 * Run by test/heavy/parallel-stuck.heavy.test.ts in a process of its own (a search that hangs cannot
 * hang the test run): a parallel search of loopsInWorker whose table must grow while the worker
 * is stuck in a model function; prints the report's verdict, error and limit as JSON.
 */
import { exploreParallel } from '../../checker/parallel/search.ts';
import { WorkerPool } from '../../checker/parallel/pool.ts';
import { loopsInWorker } from './parallel-fixtures.ts';

const limit = process.argv[2] ?? 'call-timeout';
const pool = new WorkerPool(1);
const source = { module: new URL('./parallel-fixtures.ts', import.meta.url).href, export: 'loopsInWorker', args: [] };
const r = exploreParallel(loopsInWorker(), { workers: 2, source, pool, spawnAt: 0, waitForWorkers: true, initialCapacity: 1024, ...(limit === 'time' ? { timeLimit: 1 } : { callTimeoutMs: 1000 }) });
console.log(JSON.stringify({ verdict: r.verdict, error: r.error, limit: r.limit }));
pool.close();
process.exit(0);
