/**
 * The HTML report in a real browser: playwright-core driving the Chromium that the
 * `@sparticuz/chromium` dev dependency carries (see chromium.ts; never a downloaded browser).
 * Opens a report, clicks a step, checks that the diagram highlights it, and keeps a screenshot in
 * test/.output/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explore } from 'interleave';
import { render, writeAtomically } from '../../checker/format/index.ts';
import { readTrace } from '../../checker/format/read.ts';
import { chromiumBrowser } from './chromium.ts';
import { CORPUS } from './corpus.ts';
import { evilModel } from './helpers.ts';

/** The page's own function (the tests compile without the DOM library). */
declare const getComputedStyle: (e: unknown) => { readonly fill: string; readonly display: string };

const OUTPUT = fileURLToPath(new URL('../.output/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let context: BrowserContext;
let profile: string;
const reportFile = join(OUTPUT, 'ricart-agrawala-no-tiebreak.html');
const evilFile = join(OUTPUT, 'evil.html');

beforeAll(async () => {
  const browser = await chromiumBrowser();
  mkdirSync(OUTPUT, { recursive: true });
  const t = readTrace(`${CORPUS}ricart-agrawala-no-tiebreak.trace.json`);
  writeAtomically(reportFile, render('html', { trace: t.trace, ref: { model: t.data.model, params: t.params } }));
  const evil = explore(evilModel()).counterexample;
  if (!evil) throw new Error('the evil model must fail');
  writeAtomically(evilFile, render('html', { trace: evil, ref: { model: evil.model, params: {} } }));
  profile = mkdtempSync(join(tmpdir(), 'interleave-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: browser.executablePath, env: browser.env, headless: true, args: ARGS, viewport: { width: 1300, height: 900 } });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a file, recording every request, console error, page error and dialog. */
async function open(file: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  return { page, requests, problems };
}

const classesOf = (page: Page, selector: string) => page.$$eval(selector, (es) => es.map((e) => e.getAttribute('class') ?? ''));

describe('the HTML report in chromium', () => {
  it('opens with no network, selects the failing step, and highlights a step that is clicked', async () => {
    const { page, requests, problems } = await open(reportFile);
    expect(requests).toEqual([pathToFileURL(reportFile).href]);
    expect(await page.getAttribute('body', 'data-selected')).toBe('12');
    expect(await page.textContent('#inspected')).toBe('state after step 12');

    await page.click('#steps tr[data-step="5"]');
    expect(await page.getAttribute('body', 'data-selected')).toBe('5');
    expect(await classesOf(page, '#steps tr.selected')).toHaveLength(1);
    expect(await page.getAttribute('#steps tr.selected', 'data-step')).toBe('5');
    // The diagram: the event of step 5 (P0 receives P1's request), its column, and the two messages it touches.
    expect(await classesOf(page, '#diagram svg circle.event.selected')).toEqual(['event selected']);
    expect(await page.getAttribute('#diagram svg circle.event.selected', 'data-steps')).toBe('5');
    expect(await page.$eval('#diagram svg circle.event.selected', (e) => getComputedStyle(e).fill)).toBe('rgb(255, 143, 0)');
    expect(await page.$eval('#diagram svg rect.col.selected', (e) => getComputedStyle(e).fill)).toBe('rgb(255, 243, 196)');
    expect(await page.$$eval('#diagram svg line.msg.selected', (es) => es.map((e) => e.getAttribute('data-steps')))).toEqual(['2 5', '5 6']);
    expect(await page.$$eval('#diagram svg .selected', (es) => es.every((e) => (e.getAttribute('data-steps') ?? '').split(' ').includes('5')))).toBe(true);
    // The state inspector: the state after step 5, its changed fields highlighted.
    expect(await page.textContent('#inspected')).toBe('state after step 5');
    expect(await page.$$eval('#state li.changed', (es) => es.map((e) => e.getAttribute('data-path')))).toEqual(['P0.clock', 'P0→P1', 'P1→P0']);
    await page.screenshot({ path: join(OUTPUT, 'report-step-5.png'), timeout: 15_000 });

    // Clicking the diagram selects too; the arrow keys move the selection.
    await page.click('#diagram svg circle.event[data-steps="10"]');
    expect(await page.getAttribute('body', 'data-selected')).toBe('10');
    await page.keyboard.press('ArrowUp');
    expect(await page.getAttribute('body', 'data-selected')).toBe('9');
    await page.click('#clocks');
    expect(await page.$eval('#diagram svg text.vt', (e) => getComputedStyle(e).display)).not.toBe('none');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('hostile labels are shown as text: nothing runs, nothing is injected', async () => {
    const { page, problems } = await open(evilFile);
    expect(await page.textContent('h1')).toContain('evil<b>model</b>');
    expect(await page.$$('h1 b, img, #steps script, #diagram script')).toHaveLength(0);
    expect(await page.textContent('#steps tr[data-step="1"]')).toContain('<script>alert("x")</script>');
    await page.click('#steps tr[data-step="1"]');
    expect(await page.textContent('#state')).toContain('<i>field</i>');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the browser the tests start', () => {
  // (A browser of the user's own, INTERLEAVE_CHROMIUM, uses the system's fontconfig.)
  it.skipIf(process.env.INTERLEAVE_CHROMIUM)("finds fonts through its fontconfig wherever the package unpacked them (its own fonts.conf names /tmp/fonts, empty on a machine just started)", async () => {
    const { env } = await chromiumBrowser();
    const conf = readFileSync(join(env.FONTCONFIG_PATH, 'fonts.conf'), 'utf8');
    const unescape = (x: string) => x.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const dirs = [...conf.matchAll(/<dir>([^<]*)<\/dir>/g)].map((m) => unescape(m[1]));
    expect(dirs.length).toBeGreaterThan(0);
    const fonts = dirs.flatMap((d) => {
      try {
        return readdirSync(d, { recursive: true }).map(String).filter((f) => /\.(ttf|otf)$/i.test(f));
      } catch {
        return [];
      }
    });
    expect(fonts.length).toBeGreaterThan(0);
  });
});
