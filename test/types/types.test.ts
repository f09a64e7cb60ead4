/**
 * The public API's types, as a user's model file meets them: fixtures next to this file are
 * type-checked with the project's compiler options (the TypeScript compiler API, no emit). Each
 * fixture is a pattern the README shows, written without type arguments.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function diagnosticsOf(file: string): string[] {
  const config = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(`${ROOT}tsconfig.json`, 'utf8')), ts.sys, ROOT);
  const program = ts.createProgram([fileURLToPath(new URL(file, import.meta.url))], config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(ROOT.length)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('types', () => {
  it("liveness properties with { ...eachProcess } inside a system's properties infer the system's state (was { readonly n: number }: 'procs' did not exist)", () => {
    expect(diagnosticsOf('./each-process.fixture.ts')).toEqual([]);
  }, 60_000);
});
