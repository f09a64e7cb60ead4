/**
 * A reporter beside vitest's default one: at the end of a run it names every test file that did
 * not finish, with its tests that never reported a result. When a test process dies (vitest then
 * says only "Worker exited unexpectedly"), this says which file was running and where.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class UnfinishedReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const unfinished = modules.filter((m) => m.state() === 'pending' || m.state() === 'queued');
    for (const m of unfinished) {
      const pending = [...m.children.allTests()].filter((t) => t.result().state === 'pending').map((t) => t.fullName);
      const shown = pending.slice(0, 10).map((n) => `\n  - ${n}`).join('');
      const more = pending.length > 10 ? `\n  … and ${pending.length - 10} more` : '';
      process.stderr.write(`test file did not finish: ${m.relativeModuleId} (state ${m.state()}; ${pending.length} test(s) without a result)${shown}${more}\n`);
    }
  }
}
