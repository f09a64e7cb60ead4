/**
 * `interleave swarm --local K`: runs the K shards of a swarm as K child processes of this
 * machine's CLI (`check … --swarm K --shard i --out-dir DIR`), at most as many at once as there
 * are cores, the way a scheduler would run them as K jobs. Ctrl-C (or SIGTERM) stops the running
 * shards (each writes no result then) and starts no more.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url));

export interface LaunchOptions {
  readonly shards: number;
  /** The model (a bundled name or a path) and the arguments every shard gets (--param, --max-depth, --bitstate, --seed…). */
  readonly model: string;
  readonly args: readonly string[];
  readonly dir: string;
  /** Shards run at once (default: the number of cores). */
  readonly parallel?: number;
  /** Called as each shard ends: its exit code (null if killed) and the last line it wrote to stderr. */
  readonly onShardDone?: (shard: number, code: number | null, message: string) => void;
}

export interface LaunchResult {
  /** Exit code of each shard (null: killed by a signal or never started). */
  readonly codes: readonly (number | null)[];
  /** The signal that stopped the swarm, if one did. */
  readonly interrupted?: string;
}

/** The command line of shard i (without the node executable). */
export function shardCommand(o: Pick<LaunchOptions, 'shards' | 'model' | 'args' | 'dir'>, shard: number): string[] {
  return [BIN, 'check', o.model, ...o.args, '--swarm', String(o.shards), '--shard', String(shard), '--out-dir', o.dir, '--json'];
}

export function launchLocal(o: LaunchOptions): Promise<LaunchResult> {
  const parallel = Math.max(1, Math.min(o.shards, o.parallel ?? availableParallelism()));
  const codes: (number | null)[] = new Array<number | null>(o.shards).fill(null);
  const running = new Map<number, ChildProcess>();
  let next = 0;
  let interrupted: string | undefined;
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      interrupted ??= signal;
      for (const child of running.values()) child.kill('SIGINT');
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const startNext = (): void => {
      while (running.size < parallel && next < o.shards && interrupted === undefined) {
        const shard = next++;
        // INTERLEAVE_PARENT: the shard runs in its own process (no supervisor of its own) and ends if we die.
        const child = spawn(process.execPath, shardCommand(o, shard), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, INTERLEAVE_PARENT: String(process.pid) } });
        running.set(shard, child);
        let err = '';
        child.stderr?.setEncoding('utf8').on('data', (d: string) => {
          err = (err + d).slice(-4000);
        });
        const done = (code: number | null): void => {
          if (!running.has(shard)) return;
          running.delete(shard);
          codes[shard] = code;
          o.onShardDone?.(shard, code, err.trim().split('\n').pop() ?? '');
          startNext();
        };
        child.on('error', (e) => {
          err = String(e);
          done(null);
        });
        child.on('exit', (code) => done(code));
      }
      if (running.size === 0) {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        resolve({ codes, ...(interrupted ? { interrupted } : {}) });
      }
    };
    startNext();
  });
}
