/**
 * Generates spec/schema/trace.schema.json from the `TraceFile` type (checker/format/file.ts) with
 * typescript-json-schema. Run `npx tsx spec/schema/generate.ts` after changing the type;
 * test/format/schema.test.ts regenerates it and fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as TJS from 'typescript-json-schema';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The committed schema. */
export const TRACE_SCHEMA_FILE = fileURLToPath(new URL('./trace.schema.json', import.meta.url));

/** The JSON Schema of the trace file, as typescript-json-schema generates it now. */
export function generateTraceSchema(): Record<string, unknown> {
  const program = TJS.getProgramFromFiles(
    [`${ROOT}checker/format/file.ts`],
    { strict: true, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', types: [] },
    ROOT,
  );
  const schema = TJS.generateSchema(program, 'TraceFile', { defaultNumberType: 'integer', required: true, noExtraProps: true, strictNullChecks: true, ref: true, aliasRef: false, topRef: false });
  if (!schema) throw new Error('typescript-json-schema could not generate the schema of TraceFile');
  return { ...schema, $id: 'https://interleave.invalid/schema/trace.schema.json', title: 'interleave trace file' } as Record<string, unknown>;
}

/** The file's text: the schema with a trailing newline. */
export function traceSchemaText(): string {
  return JSON.stringify(generateTraceSchema(), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(TRACE_SCHEMA_FILE, traceSchemaText());
  console.log(`wrote ${TRACE_SCHEMA_FILE}`);
}
