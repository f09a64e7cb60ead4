/**
 * The pictures a teacher uses, in a real browser (playwright-core driving the Chromium of
 * test/format/chromium.ts): for one counterexample (or witness) of each family, the HTML report's
 * headline is the reason, the diagram has the marks the trace calls for (hollow receipts into a
 * hold-back queue joined to their delivery by a dotted line, critical sections as bars, messages
 * in flight to the right edge), and every text element lies inside the drawing. A screenshot of
 * each is written to test/.output/pictures/ for people to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumBrowser } from './chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explore, resolveParams, type Trace } from 'interleave';
import { render, writeAtomically } from '../../checker/format/index.ts';
import { models } from '../../models/index.ts';

const OUTPUT = fileURLToPath(new URL('../.output/pictures/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** One picture per family: the model, and the witness to draw instead of the counterexample, if any. */
const CASES: readonly { family: string; model: string; witness?: string; params?: Record<string, number>; marks: readonly string[] }[] = [
  { family: 'commit', model: 'two-phase-commit-early-commit', marks: [] },
  { family: 'clocks', model: 'vector-clocks-no-merge', marks: [] },
  { family: 'snapshot', model: 'chandy-lamport-late-markers', marks: ['polyline.cut.recorded.inconsistent', 'text.cutlabel'] },
  { family: 'multicast', model: 'causal-multicast-sender-only', marks: ['circle.event.delivery'] },
  { family: 'multicast-holdback', model: 'causal-multicast', witness: 'held back', marks: ['circle.event.held', 'line.msg.inflight', 'text.heldq'] },
  { family: 'mutex', model: 'ricart-agrawala-no-tiebreak', params: { entries: 1 }, marks: ['rect.shade', 'line.msg'] },
];

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  const browser = await chromiumBrowser();
  mkdirSync(OUTPUT, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'interleave-pictures-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: browser.executablePath, env: browser.env, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

function traceOf(c: (typeof CASES)[number]): { trace: Trace; params: Record<string, number> } {
  const def = models.find((m) => m.name === c.model);
  if (!def) throw new Error(`no model ${c.model}`);
  const params = resolveParams(def, c.params ?? {});
  const r = explore(def.build(params));
  const trace = c.witness ? r.witnesses[c.witness] : r.counterexample;
  if (!trace) throw new Error(`${c.model}: no ${c.witness ?? 'counterexample'}`);
  return { trace, params };
}

describe('pictures in chromium', () => {
  for (const c of CASES) {
    it(`${c.family}: ${c.model}${c.witness ? ` (${c.witness})` : ''}`, async () => {
      const { trace, params } = traceOf(c);
      const file = join(OUTPUT, `${c.family}.html`);
      writeAtomically(file, render('html', { trace, ref: { model: c.model, params } }));
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      if (trace.reason) {
        // The reason is the headline: the first thing after the title.
        expect(await page.textContent('#reason')).toBe(`${trace.kind === 'deadlock' ? 'Why' : 'Why it fails'}: ${trace.reason}`);
        expect(await page.$eval('h1', (h) => h.nextElementSibling?.id)).toBe('reason');
        expect((await page.$$eval('#diagram svg text.reason', (ts) => ts.map((t) => t.textContent ?? ''))).join(' ')).toBe(`Why it fails: ${trace.reason}`);
      }
      for (const mark of c.marks) expect(await page.$$(`#diagram svg ${mark}:not(.legendmark)`), mark).not.toHaveLength(0);
      if (c.family === 'snapshot') {
        // The recorded cut is drawn without --cut, with why it is inconsistent (the receive inside it, the send outside).
        expect((await page.$$eval('#diagram svg text.cutlabel', (ts) => ts.map((t) => t.textContent ?? ''))).join(' ')).toMatch(/^recorded cut is inconsistent: P\d's receive of TRANSFER\(amount=\d\) is inside it, P\d's send is not/);
        // Ground truth apart from the protocol's fields in the inspector: vt under its own heading, with a legend.
        expect(await page.$$('#inspector li.ground[data-path$=".vt"]')).not.toHaveLength(0);
        expect(await page.$$('#inspector li.groundhead')).not.toHaveLength(0);
        expect(await page.textContent('#legend')).toMatch(/ground truth: .*vt/);
        expect(await page.$$('#inspector li.ground[data-path$=".recorded"]')).toHaveLength(0);
      }
      if (c.marks.includes('circle.event.held')) {
        // Hollow: filled with the background, outlined (with the initial state selected, so that no mark is highlighted).
        await page.click('#steps tr[data-step="0"]');
        expect(await page.$eval('#diagram svg circle.event.held:not(.legendmark)', (e) => getComputedStyle(e).fill)).toBe('rgb(255, 255, 255)');
      }
      // Every text element's box lies inside the drawing (nothing is cut off at an edge).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const outside = await page.$eval('#diagram svg', (svg: any) => {
        const box = svg.getBoundingClientRect();
        const bad: string[] = [];
        for (const t of Array.from(svg.querySelectorAll('text')) as any[]) {
          const b = t.getBoundingClientRect();
          if (b.width === 0) continue;
          if (b.left < box.left - 0.5 || b.right > box.right + 0.5 || b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5) bad.push(`${t.textContent} [${Math.round(b.left)}, ${Math.round(b.right)}] outside [${Math.round(box.left)}, ${Math.round(box.right)}]`);
        }
        return bad;
      });
      expect(outside).toEqual([]);
      await (await page.$('#diagram svg'))!.screenshot({ path: join(OUTPUT, `${c.family}.png`), timeout: 15_000 });
      await page.close();
    }, 60_000);
  }
});

/** The page's own function (the tests compile without the DOM library). */
declare const getComputedStyle: (e: unknown) => { readonly fill: string };
