/** The README's "ordering and asynchrony" table (between its markers), row by row, for the tests to hold to the searches. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { asynchronyRow, markdown } from '../../models/multicast/asynchrony.ts';

const README = new URL('../../README.md', import.meta.url);

/** The table's lines in the README, by protocol. */
export function readmeRows(): Map<string, string> {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('<!-- asynchrony-table');
  const end = text.indexOf('<!-- /asynchrony-table -->');
  if (start < 0 || end < start) throw new Error('README.md has no asynchrony table markers');
  const rows = new Map<string, string>();
  for (const line of text.slice(start, end).split('\n')) {
    const m = /^\| ([a-z-]+) \|/.exec(line);
    if (m && m[1] !== 'protocol') rows.set(m[1], line);
  }
  return rows;
}

/** Measures the protocol and expects the README's row to say exactly that. */
export function expectRowAsMeasured(name: string): void {
  const measured = markdown([asynchronyRow(name)]).split('\n')[2];
  expect(readmeRows().get(name)).toBe(measured);
}
