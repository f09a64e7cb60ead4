/**
 * The interactive explorer in a real browser: `interleave explore` started as a command, Debian's
 * chromium driven by playwright-core (never a downloaded browser). Clicks along the shortest
 * counterexample of ricart-agrawala-no-tiebreak, sees mutual exclusion false, reloads and keeps the
 * path, steps with the keyboard, finds the counterexample from the initial state with the search,
 * and shows a model whose labels are markup as text. The server stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumBrowser } from '../format/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explore } from 'interleave';
import { load } from '../../checker/cli/main.ts';
import { render, writeAtomically } from '../../checker/format/index.ts';
import { stepText } from '../../checker/replay.ts';
import { ACTION, FIELD, IMG, SCRIPT, TYPE } from './markup-model.ts';

declare const window: { pwned?: unknown };
declare const document: { title: string };

const BIN = fileURLToPath(new URL('../../checker/cli/bin.mjs', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../.output/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  stdout: string;
  stderr: string;
}

/** Starts `interleave explore …` on a free port; resolves with the URL it prints. */
function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'explore', ...args, '--port', '0'], { stdio: 'pipe' });
  return new Promise((done, fail) => {
    const s = { child, url: '', stdout: '', stderr: '' };
    const timer = setTimeout(() => fail(new Error(`explore did not start: ${s.stderr}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => (s.stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      s.stdout += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/.exec(s.stdout);
      if (m && !s.url) {
        clearTimeout(timer);
        s.url = m[1];
        done(s);
      }
    });
    child.on('exit', (code) => fail(new Error(`explore exited with ${code}: ${s.stderr}`)));
  });
}

/** Stops a server with a signal (as Ctrl-C does with SIGINT); resolves with its exit code. */
function stop(s: Served, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((done) => {
    s.child.once('exit', (code) => done(code));
    s.child.kill(signal);
  });
}

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  const browser = await chromiumBrowser();
  mkdirSync(OUTPUT, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'interleave-explore-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: browser.executablePath, env: browser.env, headless: true, args: ARGS, viewport: { width: 1360, height: 1000 } });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(url: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  return { page, requests, problems };
}

/** Clicks the enabled step with exactly this text; waits until the page is after step `at`. */
async function takeStep(page: Page, text: string, at: number): Promise<void> {
  const buttons = page.locator('#enabled button');
  const texts = await buttons.locator('.text').allTextContents();
  const i = texts.indexOf(text);
  if (i < 0) throw new Error(`no enabled step '${text}' at step ${at - 1}; enabled: ${texts.join(' | ')}`);
  await buttons.nth(i).click();
  await page.waitForSelector(`body[data-at="${at}"]:not([data-busy])`);
}

/** `true` or `false`: the property's value in the page (found by name, which may hold any characters). */
const holds = (page: Page, property: string) => page.$$eval('#props tr', (rows, name) => rows.find((r) => r.getAttribute('data-property') === name)?.getAttribute('data-holds') ?? null, property);

describe('interleave explore in chromium', () => {
  it('clicks along the shortest counterexample, keeps the path on reload, steps by keyboard, and finds the counterexample from the start', async () => {
    const loaded = await load('ricart-agrawala-no-tiebreak', ['entries=1']);
    const cx = explore(loaded.model).counterexample;
    if (!cx) throw new Error('the mutant must fail');
    const served = await serve(['ricart-agrawala-no-tiebreak', '--param', 'entries=1']);
    // Meanwhile, a second explorer on the same port: a one-line error, exit 151.
    const port = new URL(served.url).port;
    // (Killed in the finally below if still running: should the test fail before it has tried the
    // port, it would find the port free once the first explorer stops, and serve on for ever.)
    const c = spawn(process.execPath, [BIN, 'explore', 'ricart-agrawala', '--port', port], { stdio: 'pipe' });
    const clashing = new Promise<{ code: number | null; stderr: string }>((done) => {
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (code) => done({ code, stderr }));
    });
    const traceFile = join(OUTPUT, 'explore-ra.trace.json');
    writeAtomically(traceFile, render('json', { trace: cx, ref: { model: 'ricart-agrawala-no-tiebreak', params: loaded.params } }));
    try {
      const { page, requests, problems } = await open(served.url);
      expect(await page.textContent('#position')).toBe('initial state');
      expect(await holds(page, 'mutual exclusion')).toBe('true');
      for (const s of cx.steps) {
        await takeStep(page, stepText(s), s.index);
        expect(await holds(page, 'mutual exclusion')).toBe(s.index === cx.steps.length ? 'false' : 'true');
      }
      expect(await page.textContent('#props tr[data-property="mutual exclusion"] td.value')).toBe('false');
      const reason = (cx as { reason?: string }).reason;
      if (reason) expect(await page.textContent('#props tr[data-property="mutual exclusion"] td.reason')).toBe(reason);
      // The diagram grew with the path and marks the failing step.
      expect(await page.$$eval('#diagram svg circle.event', (es) => es.length)).toBe(12);
      expect(await page.textContent('#diagram svg text.title')).toContain('mutual exclusion violated after 12 steps');
      const hash = new URL(page.url()).hash;
      expect(hash).toMatch(/^#path=\d+(\.\d+){11}$/);

      // Reload: the same place.
      await page.reload();
      await page.waitForSelector('body[data-ready="1"][data-at="12"]');
      expect(await holds(page, 'mutual exclusion')).toBe('false');
      expect(await page.$$eval('#history li', (es) => es.length)).toBe(13);
      // The README's picture (docs/explorer.png is a copy): step 8 of the path, the rest of it ahead.
      await page.goto(`${served.url}${hash}&at=8`);
      await page.waitForSelector('body[data-ready="1"][data-at="8"]:not([data-busy])');
      expect(await page.$$eval('#diagram svg .ahead', (es) => es.length)).toBeGreaterThan(0);
      await page.screenshot({ path: join(OUTPUT, 'explorer.png'), fullPage: true, timeout: 15_000 });
      await page.goto(`${served.url}${hash}`);
      await page.waitForSelector('body[data-ready="1"][data-at="12"]:not([data-busy])');

      // Keyboard: back, forward along the path, back to the start, then j and Enter take the second enabled step.
      await page.keyboard.press('ArrowLeft');
      await page.waitForSelector('body[data-at="11"]:not([data-busy])');
      expect(await holds(page, 'mutual exclusion')).toBe('true');
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector('body[data-at="12"]:not([data-busy])');
      await page.click('#restart');
      await page.waitForSelector('body[data-at="0"][data-path=""]:not([data-busy])');
      const second = await page.locator('#enabled button .text').nth(1).textContent();
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await page.waitForSelector('body[data-at="1"]:not([data-busy])');
      expect(await page.textContent('#history li.current')).toBe(`1. ${second}`);
      await page.keyboard.press('k');
      await page.keyboard.press('h');
      await page.waitForSelector('body[data-at="0"]:not([data-busy])');

      // Find a counterexample from the initial state: the shortest one, 12 steps.
      await page.selectOption('#goal', 'counterexample');
      await page.click('#find');
      await page.waitForSelector('body[data-search="done found"]', { timeout: 90_000 });
      await page.waitForSelector('body[data-at="12"]:not([data-busy])');
      expect(await holds(page, 'mutual exclusion')).toBe('false');
      expect(await page.textContent('#findstatus')).toMatch(/found mutual exclusion violated 12 steps from here/);

      expect(problems).toEqual([]);
      // A stale link: a clear message, and a way back (the browser logs the API's 400).
      await page.goto(`${served.url}#path=0.99`);
      await page.waitForSelector('#message:not([hidden])');
      expect(await page.textContent('#message')).toMatch(/This path does not fit the model: step 2 of the path is 99/);
      await page.click('#message button:has-text("Keep the first 1 step")');
      await page.waitForSelector('body[data-at="1"][data-status="ok"]:not([data-busy])');
      expect(await page.isHidden('#message')).toBe(true);

      // A saved trace: opened at its end, then stepped through backwards.
      await page.click('#restart');
      await page.waitForSelector('body[data-at="0"][data-path=""]:not([data-busy])');
      await page.setInputFiles('#file', traceFile);
      await page.waitForSelector('body[data-at="12"]:not([data-busy])');
      expect(await page.isVisible('#message')).toBe(true);
      expect(await page.textContent('#message')).toMatch(/Opened explore-ra\.trace\.json: trace: violation of mutual exclusion reproduced: 12 steps replayed/);
      expect(await holds(page, 'mutual exclusion')).toBe('false');
      // The step's text in the title is the model's data, as it is (the title's own words are in capitals).
      expect(await page.innerText('#steptitle')).toBe(`STEP 12: ${stepText(cx.steps[11])}`);
      await page.click('#back');
      await page.waitForSelector('body[data-at="11"]:not([data-busy])');
      expect(await page.textContent('#history li.current')).toBe(`11. ${stepText(cx.steps[10])}`);
      // Enter on the focused button presses it (back again), not the highlighted step; the arrows still step.
      await page.keyboard.press('Enter');
      await page.waitForSelector('body[data-at="10"]:not([data-busy])');
      expect(await page.getAttribute('body', 'data-path')).toBe(hash.slice('#path='.length));
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector('body[data-at="11"]:not([data-busy])');

      // A 400-px-wide window: one column, and nothing wider than the window.
      await page.setViewportSize({ width: 400, height: 900 });
      const outside = await page.evaluate(`(() => {
        const out = [];
        if (document.documentElement.scrollWidth > 400) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
        for (const e of document.querySelectorAll('header, .toolbar, .toolbar > *, .toolbar select, .toolbar input, #message, .panel, #enabled button, #props, #state .proc, #channels, #diagram')) {
          const r = e.getBoundingClientRect();
          if (r.left < 0 || r.right > 400) out.push(e.tagName + (e.id ? '#' + e.id : '') + ' from ' + r.left + ' to ' + r.right + ' px');
        }
        return out;
      })()`);
      expect(outside).toEqual([]);
      expect(await page.evaluate(`getComputedStyle(document.querySelector('.layout')).gridTemplateColumns.split(' ').length`)).toBe(1);
      await page.setViewportSize({ width: 1360, height: 1000 });

      const clash = await clashing;
      expect(clash.code).toBe(151);
      expect(clash.stderr).toBe(`interleave: port ${port} on 127.0.0.1 is in use (choose another with --port, or --port 0 for any free one)\n`);

      expect(requests.every((u) => u.startsWith(served.url))).toBe(true);
      expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
      await page.close();
    } finally {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      expect(await stop(served)).toBe(0);
      expect(served.stdout).toContain('interleave explore: stopped');
    }
  }, 240_000);

  it('shows what one state cannot decide as such, and says what went wrong when the model fails or the server is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-explore-'));
    const file = join(dir, 'loops.ts');
    // Its liveness property reads the instance it is given: without one it throws.
    writeFileSync(
      file,
      `import { atQuiescence, eventually } from 'interleave';\nexport default { name: 'loops', init: () => [{ x: 0 }], actions: (s) => (s.x < 5 ? ['inc'] : []), next: (s) => { if (s.x === 2) for (;;) {} return { x: s.x + 1 }; }, isEnd: (s) => s.x === 5, properties: [eventually('reaches 5', (s, i) => [s][i].x === 5), atQuiescence('ends at 5', (s) => s.x === 5)] };\n`,
    );
    const served = await serve([file, '--call-timeout', '0.3']);
    let stopped = false;
    try {
      const { page, problems } = await open(served.url);
      const cells = (name: string) => page.$$eval('#props tr', (rows, n) => rows.filter((r) => r.getAttribute('data-property') === n).map((r) => [r.getAttribute('data-holds'), ...Array.from(r.querySelectorAll('td'), (td) => (td as { textContent: string | null }).textContent)]), name);
      expect(await cells('reaches 5')).toEqual([['null', 'reaches 5', 'liveness: eventually', '\u2014', '(judged over whole runs, not in one state: find a counterexample searches them)']]);
      expect(await cells('ends at 5')).toEqual([['null', 'ends at 5', 'at quiescence', '\u2014', '(only checked where no step is enabled)']]);
      // A model function that loops on this path: said so, with the way back to the initial state.
      await page.goto(`${served.url}#path=0.0`);
      await page.waitForSelector('body[data-status="error"]:not([data-busy])');
      expect(await page.textContent('#message span')).toBe("Cannot show this state: the model's code ran for more than 0.3 s on this request: does it loop forever?");
      expect(await page.$$eval('#message button', (bs) => bs.map((b) => b.textContent))).toEqual(['Start from the initial state']);
      await page.click('#message button');
      await page.waitForSelector('body[data-at="0"][data-status="ok"]:not([data-busy])');
      // The server stopped: said so, with a way to try again (not to change the path).
      expect(await stop(served)).toBe(0);
      stopped = true;
      await page.goto(`${served.url}#path=0`);
      await page.waitForSelector('body[data-status="error"]:not([data-busy])');
      expect(await page.textContent('#message span')).toBe('The explorer server does not answer (was it stopped?)');
      expect(await page.$$eval('#message button', (bs) => bs.map((b) => b.textContent))).toEqual(['Try again']);
      expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
      await page.close();
    } finally {
      if (!stopped) await stop(served);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('shows a model whose labels are markup and script as text: nothing runs, nothing is injected', async () => {
    const served = await serve([fileURLToPath(new URL('./markup-model.ts', import.meta.url))]);
    try {
      const { page, requests, problems } = await open(served.url);
      expect(await page.textContent('h1')).toBe(`markup${SCRIPT}`);
      expect(await page.title()).toBe(`markup${SCRIPT} — interleave explore`);
      expect(await page.textContent('#state')).toContain(FIELD);
      expect(await page.textContent('#state')).toContain(IMG);
      expect(await page.textContent('#props')).toContain(`nobody hears twice ${IMG}`);
      await takeStep(page, `P0 ${ACTION}`, 1);
      await takeStep(page, `P0 ${ACTION}`, 2);
      expect(await page.textContent('#channels')).toContain(`${TYPE}(note=${IMG}&amp;]]>)`);
      await takeStep(page, `P1 receives ${TYPE}(note=${IMG}&amp;]]>) from P0`, 3);
      await takeStep(page, `P1 receives ${TYPE}(note=${IMG}&amp;]]>) from P0`, 4);
      expect(await holds(page, `nobody hears twice ${IMG}`)).toBe('false');
      expect(await page.textContent('#diagram svg')).toContain(TYPE.slice(0, 8));
      // Nothing the labels carry became an element, ran, or loaded.
      expect(await page.$$('img, iframe, object, embed, #state b, #state i, #enabled svg, #props img, h1 *')).toHaveLength(0);
      expect(await page.$$('script')).toHaveLength(2);
      expect(await page.evaluate(() => window.pwned)).toBeUndefined();
      expect(await page.evaluate(() => document.title)).not.toBe('pwned');
      await page.click('#restart');
      await page.waitForSelector('body[data-at="0"]:not([data-busy])');
      await page.click('#find');
      await page.waitForSelector('body[data-search="done found"]', { timeout: 90_000 });
      await page.waitForSelector('body[data-at="4"]:not([data-busy])');
      expect(requests.every((u) => u.startsWith(served.url))).toBe(true);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      expect(await stop(served, 'SIGINT')).toBe(0);
      expect(served.stdout).toContain('interleave explore: stopped');
    }
  }, 240_000);
});
