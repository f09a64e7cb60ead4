// Type-checked by test/types/types.test.ts: the README's liveness pattern inside a system's
// properties, with no type arguments written (each predicate's state is the system's GlobalState).
import { eachProcess, leadsTo, eventually, infinitelyOften, step, system, fifo, type Protocol } from 'interleave';

type L = { readonly want: boolean; readonly held: boolean };
const p: Protocol<L, { readonly type: 'X' }> = {
  name: 'p',
  init: () => ({ want: false, held: false }),
  actions: { ask: { guard: (s) => !s.want, run: (s) => step({ ...s, want: true }) } },
  handlers: { X: (s) => step(s) },
};

export default system<L, { readonly type: 'X' }>({
  protocol: p,
  n: 2,
  network: fifo,
  properties: [
    leadsTo('granted', (g, i) => g.procs[i].want, (g, i) => g.procs[i].held, { ...eachProcess, description: 'every request is granted' }),
    eventually('asks', (g, i) => g.procs[i].want, { ...eachProcess }),
    infinitelyOften('free', (g, i) => !g.procs[i].held, eachProcess),
  ],
});
