/**
 * Diagnostics of the parallel search (INTERLEAVE_PARALLEL_DEBUG=1): the CPU time of the calling
 * thread, from Linux's /proc/thread-self/schedstat (nanoseconds on a CPU); 0 where it is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const DEBUG = process.env.INTERLEAVE_PARALLEL_DEBUG !== undefined && process.env.INTERLEAVE_PARALLEL_DEBUG !== '';

export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0;
  }
}

/** CPU time (ms) of every thread of the process, largest first, with the thread's name. */
export function threadsCpuMs(): { name: string; ms: number }[] {
  try {
    const out: { name: string; ms: number }[] = [];
    for (const t of readdirSync('/proc/self/task')) {
      const ms = Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      out.push({ name: readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim(), ms });
    }
    return out.sort((a, b) => b.ms - a.ms);
  } catch {
    return [];
  }
}
