/**
 * `util.parseArgs` with one rule added: an option that takes one value (or a flag) given twice is
 * a bad argument (exit 151) naming it, not silently the last one given. Options declared
 * `multiple` (`--param`) may repeat.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const parsed = parseArgs({ ...config, tokens: true });
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const spec = config.options?.[t.name];
    if (spec?.multiple) continue;
    if (seen.has(t.name)) throw new UsageError(`option --${t.name} is given twice (it takes one ${spec?.type === 'boolean' ? 'flag' : 'value'}): give it once`);
    seen.add(t.name);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
}
