/** Values as short text for messages (no imports: errors.ts and values.ts both use it). */

/**
 * A short text for any value, for error messages: never throws (cycles are shown as `<cycle>`,
 * functions and symbols by name), cut to about `max` characters.
 */
export function describeValue(x: unknown, max = 120): string {
  const open: object[] = [];
  let out = '';
  const put = (t: string): boolean => {
    out += t;
    return out.length <= max;
  };
  const walk = (v: unknown): boolean => {
    switch (typeof v) {
      case 'number':
        return put(Object.is(v, -0) ? '0' : String(v));
      case 'string':
        return put(JSON.stringify(v));
      case 'boolean':
        return put(String(v));
      case 'undefined':
        return put('undefined');
      case 'bigint':
        return put(`${v}n`);
      case 'symbol':
        return put(String(v));
      case 'function':
        return put(`<function${v.name ? ` ${v.name}` : ''}>`);
      default: {
        if (v === null) return put('null');
        if (open.includes(v as object)) return put('<cycle>');
        open.push(v as object);
        let ok = true;
        if (Array.isArray(v)) {
          ok = put('[');
          for (let i = 0; i < v.length && ok; i++) ok = (i === 0 || put(',')) && walk(v[i]);
          ok = ok && put(']');
        } else if (v instanceof Set || v instanceof Map) {
          ok = put(v instanceof Set ? 'Set{' : 'Map{');
          let i = 0;
          for (const e of v as Iterable<unknown>) {
            if (!ok) break;
            ok = (i++ === 0 || put(',')) && (v instanceof Map ? walk((e as unknown[])[0]) && put(':') && walk((e as unknown[])[1]) : walk(e));
          }
          ok = ok && put('}');
        } else {
          ok = put('{');
          let i = 0;
          for (const key of Object.keys(v as object)) {
            if (!ok) break;
            ok = (i++ === 0 || put(',')) && put(`${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}:`) && walk((v as Record<string, unknown>)[key]);
          }
          ok = ok && put('}');
        }
        open.pop();
        return ok;
      }
    }
  };
  try {
    walk(x);
  } catch {
    out += '…';
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/**
 * Where two values first differ, as data (records by key, arrays by index, Sets and Maps whole):
 * `results that differ at .z: 1 and then 2` (`[3].to`…), or the two values where they differ at the top.
 * For messages about two results that should have been equal, whose short forms may look alike.
 */
export function describeDifference(a: unknown, b: unknown, max = 120): string {
  let path = '';
  for (let depth = 0; depth < 64; depth++) {
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b) || a instanceof Set || a instanceof Map || b instanceof Set || b instanceof Map) break;
    let next: string | number | undefined;
    if (Array.isArray(a)) {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) break;
      for (let i = 0; i < x.length && next === undefined; i++) if (describeValue(x[i], 10_000) !== describeValue(y[i], 10_000)) next = i;
    } else {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
      for (const k of keys) if (next === undefined && describeValue(x[k], 10_000) !== describeValue(y[k], 10_000)) next = k;
    }
    if (next === undefined) break;
    path += typeof next === 'number' ? `[${next}]` : /^[A-Za-z_$][\w$]*$/.test(next) ? `.${next}` : `[${JSON.stringify(next)}]`;
    a = (a as Record<string | number, unknown>)[next];
    b = (b as Record<string | number, unknown>)[next];
  }
  return `${path === '' ? '' : `results that differ at ${path}: `}${describeValue(a, max)} and then ${describeValue(b, max)}`;
}
