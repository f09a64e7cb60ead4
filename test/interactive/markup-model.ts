/**
 * A system whose every label is hostile markup: the message type and its fields, the local
 * action's name, the local state's field names and values, the property's name and reason. For
 * the explorer's escaping tests (`interleave explore test/interactive/markup-model.ts`): the page
 * must show all of it as text, run none of it and load nothing.
 */
import { always, send, step, system, unordered, type GlobalState, type Protocol } from 'interleave';

export const SCRIPT = '<script>document.title="pwned";window.pwned=1</script>';
export const IMG = '<img src=x onerror="window.pwned=2">';
export const TYPE = `<b>${SCRIPT}</b>`;
export const FIELD = `<i>field</i>${IMG}`;
export const ACTION = `<svg onload="window.pwned=3">shout</svg>`;

type L = Readonly<Record<string, unknown>>;
type M = { readonly type: string; readonly note: string };

const markup: Protocol<L, M> = {
  name: `markup</title>${SCRIPT}`,
  init: () => ({ [FIELD]: IMG, heard: 0 }),
  actions: {
    [ACTION]: { guard: (_s, ctx) => ctx.self === 0, run: (s) => step({ ...s, [FIELD]: SCRIPT }, send(1, { type: TYPE, note: `${IMG}&amp;]]>` })) },
  },
  handlers: { [TYPE]: (s: L) => step({ ...s, heard: (s.heard as number) + 1 }) } as Protocol<L, M>['handlers'],
};

export default system<L, M>({
  name: `markup${SCRIPT}`,
  protocol: markup,
  n: 2,
  network: unordered,
  workload: { [ACTION]: 2 },
  properties: [always(`nobody hears twice ${IMG}`, (g: GlobalState<L, M>) => (g.procs[1].heard as number) < 2, `${SCRIPT} a description`)],
  checkDeadlock: false,
});
