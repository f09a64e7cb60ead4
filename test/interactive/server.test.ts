/**
 * The interactive explorer's API (checker/interactive/server.ts), over HTTP on a free port: the
 * state along a path, canonical step numbers, bad and stale paths (400 with a message, and the
 * server goes on answering), size limits, foreign Host headers, saved traces, and a search from
 * a state in a worker thread that finds the shortest counterexample.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explore } from 'interleave';
import { load } from '../../checker/cli/main.ts';
import { render } from '../../checker/format/index.ts';
import { isLoopback, startExplorer, type Explorer } from '../../checker/interactive/server.ts';
import { Session } from '../../checker/interactive/session.ts';
import { CORPUS } from '../format/corpus.ts';

const MODEL = 'ricart-agrawala-no-tiebreak';
let ex: Explorer;

beforeAll(async () => {
  const loaded = await load(MODEL, ['entries=1']);
  ex = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, source: { target: MODEL, params: loaded.params }, port: 0 });
}, 60_000);
afterAll(async () => {
  await ex?.close();
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, any> }> {
  const r = await fetch(new URL(path, ex.url), init);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

/** A search of the explorer at `url`, once it has ended (or after 40 s). */
async function ended(url: string, job: Record<string, any>): Promise<Record<string, any>> {
  for (let i = 0; i < 400 && job.status === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = (await (await fetch(new URL(`api/find/${job.id}`, url))).json()) as Record<string, any>;
  }
  return job;
}

/** The step numbers of a trace's steps, found by their text in the API's lists of enabled steps. */
async function labelsOf(texts: readonly string[]): Promise<number[]> {
  const path: number[] = [];
  for (const t of texts) {
    const { body } = await get(`api/state?path=${path.join('.')}`);
    const k = (body.enabled as { label: number; text: string }[]).find((s) => s.text === t);
    if (!k) throw new Error(`no enabled step '${t}' after ${path.join('.')}`);
    path.push(k.label);
  }
  return path;
}

describe('the explorer API', () => {
  it('serves the page with a strict policy, binds to 127.0.0.1, and describes the model', async () => {
    expect(ex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(ex.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/);
    const html = await r.text();
    expect(html).not.toMatch(/<script src|<link|https?:\/\/(?!www\.w3\.org)/);
    const m = await get('api/model');
    expect(m.body.model).toBe(MODEL);
    expect(m.body.params).toMatchObject({ n: 3, entries: 1 });
    expect(m.body.goals.map((g: { id: string }) => g.id)).toEqual(['counterexample', 'witness:critical section reached', 'witness:full contention', 'witness:every entry done']);
  });

  it('walks the shortest counterexample by its steps and shows mutual exclusion false at its end', async () => {
    const loaded = await load(MODEL, ['entries=1']);
    const cx = explore(loaded.model).counterexample;
    if (!cx) throw new Error('the mutant must fail');
    const path = await labelsOf(cx.steps.map((s) => (s.actor === 'env' ? s.action : `${s.actor} ${s.action}`)));
    const { status, body } = await get(`api/state?path=${path.join('.')}`);
    expect(status).toBe(200);
    expect(body.at).toBe(cx.steps.length);
    expect(body.properties.find((p: { name: string }) => p.name === 'mutual exclusion')).toMatchObject({ holds: false });
    expect(body.diagramKind).toBe('violation');
    expect(body.svg).toContain('mutual exclusion violated after 12 steps');
    // Both processes in the critical section: P0 and P1 HELD.
    const modes = body.state.processes.map((p: { fields: { name: string; value: string }[] }) => p.fields.find((f) => f.name === 'mode')?.value);
    expect(modes.filter((m: string) => m === 'HELD')).toHaveLength(2);
    // One step back: mutual exclusion holds; the step that breaks it is marked as on the path.
    const back = await get(`api/state?path=${path.join('.')}&at=${path.length - 1}`);
    expect(back.body.properties.find((p: { name: string }) => p.name === 'mutual exclusion').holds).toBe(true);
    expect(back.body.enabled.filter((s: { onPath: boolean }) => s.onPath).map((s: { label: number }) => s.label)).toEqual([path[path.length - 1]]);
    expect(back.body.history).toHaveLength(path.length);
  });

  it('a state shows each process apart from the fields the checker keeps, and marks what the step changed', async () => {
    const { body } = await get('api/state?path=0');
    expect(body.step.text).toBe('P0 request');
    const p0 = body.state.processes[0];
    expect(p0.fields.map((f: { name: string }) => f.name)).toEqual(['mode', 'clock', 'requestedAt', 'oks', 'deferred']);
    expect(p0.truth.map((f: { name: string }) => f.name)).toEqual(['used']);
    expect(p0.fields.filter((f: { changed: boolean }) => f.changed).map((f: { name: string }) => f.name)).toEqual(['mode', 'clock', 'requestedAt']);
    expect(body.state.channels.filter((c: { changed: boolean }) => c.changed).map((c: { name: string }) => c.name)).toEqual(['P0→P1', 'P0→P2']);
  });

  it('bad and stale paths get 400 and a message naming the problem; the server goes on answering', async () => {
    const cases: [string, RegExp][] = [
      ['api/state?path=abc', /step numbers separated by dots/],
      ['api/state?path=0..1', /step numbers separated by dots/],
      ['api/state?path=-1', /step numbers separated by dots/],
      ['api/state?path=0.99', /step 2 of the path is 99, but only steps 0 to \d+ are enabled after step 1/],
      ['api/state?path=9999999', /step numbers separated by dots/],
      ['api/state?path=0&at=5', /at is 5, but the path has 1 steps/],
      ['api/state?init=3', /initial state 3 does not exist: the model has one initial state/],
      ['api/state?path=0&at=x', /at must be a step number/],
      [`api/state?path=${'0.'.repeat(2_000)}0`, /the path is too long: 2001 steps, at most 2000/],
    ];
    for (const [url, message] of cases) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error, url).toMatch(message);
    }
    expect((await get('api/state?path=0.99')).body.valid).toBe(1);
    expect((await get('api/nothing')).status).toBe(404);
    expect((await get('api/state', { method: 'POST' })).status).toBe(405);
    expect((await get('api/find', { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await get('api/find', { method: 'POST', body: '{"goal":"eval(1)"}' })).body.error).toMatch(/goal must be one of counterexample/);
    const numeric = await get('api/find', { method: 'POST', body: '{"goal":5}' });
    expect([numeric.status, numeric.body.error]).toEqual([400, 'goal must be a string, one of counterexample, witness:critical section reached, witness:full contention, witness:every entry done']);
    expect((await get('api/find', { method: 'POST', body: '{"path":[0,99]}' })).status).toBe(400);
    expect((await get('api/find/12345')).status).toBe(404);
    // A method no search takes is a 405, whether or not the search exists.
    expect((await get('api/find/999', { method: 'PUT' })).status).toBe(405);
    expect((await get('api/state?path=0')).status).toBe(200);
  });

  it('limits the size of requests and refuses other host names', async () => {
    const big = await get('api/find', { method: 'POST', body: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
    const long = await get(`api/state?path=${'0.'.repeat(5_000)}0`);
    expect(long.status).toBe(414);
    expect(long.body.error).toMatch(/URL is longer than 8192 characters/);
    expect((await fetch(new URL(`api/state?path=${'0.'.repeat(20_000)}0`, ex.url))).status).toBe(431);
    const port = new URL(ex.url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/model', headers: { Host: `evil.example:${port}` } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(403);
    // Only loopback names and addresses pass, with or without a port: not a name that starts like one.
    const hostStatus = (hostHeader: string) =>
      new Promise<number>((done, fail) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/model', headers: { Host: hostHeader } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end();
      });
    for (const h of ['127.0.0.1.evil.com', `127.0.0.1.evil.com:${port}`, '127.evil.com', '127.0.0.256', '127.1', 'localhost.evil.com', '[::1].evil.com']) expect(await hostStatus(h), h).toBe(403);
    for (const h of ['127.0.0.1', `127.0.0.1:${port}`, `127.0.0.2:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`]) expect(await hostStatus(h), h).toBe(200);
    expect([isLoopback('127.0.0.2'), isLoopback('::1'), isLoopback('127.0.0.1.nip.io'), isLoopback('0.0.0.0')]).toEqual([true, true, false, false]);
    // A request with no Host header, and one that is not HTTP: 400 with a message, not Node's bare 400.
    const raw = (text: string): Promise<string> =>
      new Promise((done, fail) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
        let got = '';
        socket.on('data', (d) => (got += d));
        socket.on('close', () => done(got));
        socket.on('error', fail);
      });
    const noHost = await raw('GET /api/model HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(noHost).toMatch(/^HTTP\/1\.1 400 [^]*\r\n\r\n\{"error":"an HTTP\/1\.1 request needs a Host header"\}$/);
    const garbage = await raw('GARBAGE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\n\{"error":"malformed HTTP request \(HPE_INVALID_METHOD\)"\}\n$/);
    expect((await get('api/model')).status).toBe(200);
  });

  it('opens a saved trace (trace file and ITF) at the path that replays it, and refuses a trace of another model', async () => {
    const loaded = await load(MODEL, ['entries=1']);
    const cx = explore(loaded.model).counterexample;
    const text = render('json', { trace: cx, ref: { model: MODEL, params: loaded.params } });
    const r = await get('api/trace', { method: 'POST', body: text });
    expect(r.body.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.body.path).toHaveLength(12);
    expect(r.body.message).toMatch(/violation of mutual exclusion reproduced/);
    const end = await get(`api/state?path=${r.body.path.join('.')}`);
    expect(end.body.properties[0]).toMatchObject({ name: 'mutual exclusion', holds: false });
    const itf = render('itf', { trace: cx, ref: { model: MODEL, params: loaded.params } });
    const r2 = await get('api/trace', { method: 'POST', body: itf });
    expect(r2.status).toBe(200);
    expect(r2.body.path).toEqual(r.body.path);
    const other = readFileSync(`${CORPUS}token-ring-regenerate.trace.json`, 'utf8');
    expect((await get('api/trace', { method: 'POST', body: other })).body.error).toMatch(/the trace is of model token-ring-regenerate, this explorer runs ricart-agrawala-no-tiebreak/);
    const corpus = readFileSync(`${CORPUS}${MODEL}.trace.json`, 'utf8');
    expect((await get('api/trace', { method: 'POST', body: corpus })).body.error).toMatch(/the trace has parameters crashes=0 entries=2 n=3, this explorer runs crashes=0 entries=1 n=3/);
    expect((await get('api/trace', { method: 'POST', body: '{"format":"interleave-trace"}' })).status).toBe(400);
    // Errors name the uploaded file when the page gives its name, and say what it is otherwise.
    expect((await get('api/trace?name=saved%20run.json', { method: 'POST', body: '{"format":"interleave-trace"}' })).body.error).toMatch(/^bad trace file saved run\.json: /);
    expect((await get('api/trace', { method: 'POST', body: '{"format":"interleave-trace"}' })).body.error).toMatch(/^bad trace file the uploaded trace: /);
    expect((await get('api/trace', { method: 'POST', body: 'nope' })).body.error).toMatch(/not JSON/);
  });

  it('finds the shortest counterexample from the initial state in a worker thread, and can be cancelled', async () => {
    const started = await get('api/find', { method: 'POST', body: JSON.stringify({ path: [], goal: 'counterexample' }) });
    expect(started.status).toBe(202);
    let job = started.body;
    for (let i = 0; i < 400 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await get(`api/find/${job.id}`)).body;
    }
    expect(job.status).toBe('done');
    expect(job.message).toMatch(/found mutual exclusion violated 12 steps from here/);
    expect(job.found.path).toHaveLength(12);
    const end = await get(`api/state?path=${job.found.path.join('.')}`);
    expect(end.body.properties[0]).toMatchObject({ name: 'mutual exclusion', holds: false });
    // A witness from a later state; then a search cancelled at once.
    const w = (await get('api/find', { method: 'POST', body: JSON.stringify({ path: [0], goal: 'witness:critical section reached' }) })).body;
    let wj = w;
    for (let i = 0; i < 400 && wj.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      wj = (await get(`api/find/${w.id}`)).body;
    }
    expect(wj.message).toMatch(/found a witness for critical section reached/);
    expect(wj.found.path[0]).toBe(0);
    const c = (await get('api/find', { method: 'POST', body: '{}' })).body;
    const cancelled = await get(`api/find/${c.id}`, { method: 'DELETE' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await get(`api/find/${c.id}`)).body.status).toBe('cancelled');
  }, 90_000);

  it('searches a model file outside any "type": "module" package, as the CLI loads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-explore-'));
    try {
      const file = join(dir, 'counter.ts');
      writeFileSync(file, `import { always, type Model } from 'interleave';\nconst model: Model<{ readonly x: number }, string> = { name: 'counter', init: () => [{ x: 0 }], actions: (s) => (s.x < 5 ? ['inc'] : []), next: (s) => ({ x: s.x + 1 }), isEnd: (s) => s.x === 5, properties: [always('small', (s) => s.x < 4)] };\nexport default model;\n`);
      const loaded = await load(file, []);
      const other = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, source: { target: file, params: loaded.params }, port: 0 });
      try {
        let job = (await (await fetch(new URL('api/find', other.url), { method: 'POST', body: '{}' })).json()) as Record<string, any>;
        for (let i = 0; i < 400 && job.status === 'running'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          job = (await (await fetch(new URL(`api/find/${job.id}`, other.url))).json()) as Record<string, any>;
        }
        expect([job.status, job.message]).toEqual(['done', 'found small violated 4 steps from here (5 states searched)']);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names the witnesses ruled out at the parameters, on the page and in the model description', async () => {
    const loaded = await load('fifo-multicast', ['multicasts=1']);
    expect(loaded.ruledOut?.map((r) => r.name)).toContain('held back');
    const other = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, port: 0, warm: false, ruledOut: loaded.ruledOut });
    try {
      const html = await (await fetch(other.url)).text();
      expect(html).toContain('Not checked at these parameters: held back (needs multicasts ≥ 2: a sender&#39;s one multicast is never out of order)');
      const info = (await (await fetch(new URL('api/model', other.url))).json()) as { properties: { name: string }[]; ruledOut: { name: string; reason: string }[] };
      expect(info.ruledOut.map((r) => r.name)).toEqual(loaded.ruledOut?.map((r) => r.name));
      expect(info.properties.map((p) => p.name)).not.toContain('held back');
    } finally {
      await other.close();
    }
    expect((await get('api/model')).body.ruledOut).toEqual([]);
    expect(await (await fetch(ex.url)).text()).not.toContain('Not checked at these parameters');
  });

  it('a model function that loops ends its request with a 422 after the call budget; the server goes on answering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-explore-'));
    try {
      const file = join(dir, 'loops.ts');
      writeFileSync(file, `export default { name: 'loops', init: () => [{ x: 0 }], actions: (s) => (s.x < 5 ? ['inc'] : []), next: (s) => { if (s.x === 2) for (;;) {} return { x: s.x + 1 }; }, isEnd: (s) => s.x === 5 };\n`);
      const loaded = await load(file, []);
      const other = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, port: 0, warm: false, callTimeoutMs: 300 });
      try {
        const looped = await fetch(new URL('api/state?path=0.0', other.url));
        expect(looped.status).toBe(422);
        expect(await looped.json()).toEqual({ error: "the model's code ran for more than 0.3 s on this request: does it loop forever?" });
        const fine = await fetch(new URL('api/state?path=0', other.url));
        expect(fine.status).toBe(200);
        expect(((await fine.json()) as { at: number }).at).toBe(1);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a search that meets a model function looping forever ends at --call-timeout with the model error; the server goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-explore-'));
    try {
      const file = join(dir, 'loops.ts');
      writeFileSync(file, `export default { name: 'loops', init: () => [{ x: 0 }], actions: (s) => (s.x < 5 ? ['inc'] : []), next: (s) => { if (s.x === 2) for (;;) {} return { x: s.x + 1 }; }, isEnd: (s) => s.x === 5 };\n`);
      const loaded = await load(file, []);
      const other = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, source: { target: file, params: loaded.params }, port: 0, callTimeoutMs: 300 });
      try {
        const started = (await (await fetch(new URL('api/find', other.url), { method: 'POST', body: '{}' })).json()) as Record<string, any>;
        const job = await ended(other.url, started);
        expect([job.status, job.message]).toEqual(['failed', 'a model function ran for more than 0.3 s (--call-timeout): does it loop forever?']);
        expect((await fetch(new URL('api/state?path=0', other.url))).status).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a search's message says where it found a violation (here, or a cycle that repeats for ever) and the limit it stopped at", async () => {
    const loaded = await load(MODEL, ['entries=1']);
    const cx = explore(loaded.model).counterexample;
    if (!cx) throw new Error('the mutant must fail');
    const path = await labelsOf(cx.steps.map((s) => (s.actor === 'env' ? s.action : `${s.actor} ${s.action}`)));
    const here = await ended(ex.url, (await get('api/find', { method: 'POST', body: JSON.stringify({ path }) })).body);
    expect(here.message).toMatch(/^found mutual exclusion violated here \(1 state searched\)$/);
    const limited = await ended(ex.url, (await get('api/find', { method: 'POST', body: JSON.stringify({ maxStates: 5 }) })).body);
    expect(limited.message).toBe('no counterexample within 5 states (the search stopped at its limit)');
    const ring = await load('token-ring-never-leaves', []);
    const other = await startExplorer({ model: ring.model, label: ring.label, params: ring.params, source: { target: 'token-ring-never-leaves', params: ring.params }, port: 0 });
    try {
      const started = (await (await fetch(new URL('api/find', other.url), { method: 'POST', body: '{}' })).json()) as Record<string, any>;
      const lasso = await ended(other.url, started);
      expect(lasso.message).toMatch(/^found every holder eventually releases violated by a run that repeats a cycle for ever: (step \d+|steps \d+ to \d+) of the \d+ steps from here \(\d+ states searched\)$/);
    } finally {
      await other.close();
    }
  }, 90_000);

  it('a port in use is a one-line error', async () => {
    const loaded = await load(MODEL, ['entries=1']);
    await expect(startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, port: ex.port })).rejects.toThrow(/^port \d+ on 127\.0\.0\.1 is in use/);
  });
});

describe('the state view', () => {
  it('puts apart only the fields the system opted into: true vector time, workload, message counts', async () => {
    const fieldsOf = async (name: string) => {
      const s = new Session((await load(name, [])).model);
      const v = s.walk(0, [0]).states[1];
      const p0 = s.view(v, []).processes[0];
      return { fields: p0.fields.map((f) => f.name), truth: p0.truth.map((f) => f.name) };
    };
    // fifo-multicast's `sent` (how many it has multicast) is the protocol's own; lamport-clocks has true vector time.
    expect(await fieldsOf('fifo-multicast')).toEqual({ fields: ['sent', 'last', 'delivered', 'held'], truth: [] });
    expect(await fieldsOf('lamport-clocks')).toEqual({ fields: ['clock', 'left'], truth: ['vt'] });
    expect((await fieldsOf('ricart-agrawala-cost')).truth).toEqual(['used', 'sent']);
  });
});

describe('reasons', () => {
  it('a false property shows its reason when the compiled property gives one, and nothing otherwise; a deadlock too', async () => {
    const c = new Session((await load(MODEL, ['entries=1'])).model).c;
    // A compiled model whose properties say why they fail (as properties with a reason compile).
    const withReasons = Object.create(c, {
      properties: { value: c.properties.map((p, i) => (i === 0 ? { name: p.name, kind: p.kind, holds: (v: Int32Array) => p.holds(v), reason: () => 'P0 and P1 are both HELD' } : p)) },
      deadlockReason: { value: () => 'P0 waits for an OK' },
    }) as typeof c;
    const s = new Session(withReasons);
    const cx = explore(c).counterexample;
    if (!cx) throw new Error('the mutant must fail');
    const path = s.follow(s.walk(0, []).states[0], cx).labels;
    const { states } = s.walk(0, path);
    const end = s.properties(states[states.length - 1]);
    expect(end[0]).toMatchObject({ name: 'mutual exclusion', holds: false, reason: 'P0 and P1 are both HELD' });
    expect(end.slice(1).every((p) => !('reason' in p))).toBe(true);
    expect(s.properties(states[0])[0]).not.toHaveProperty('reason');
    // Without a reason in the model: no reason.
    const plain = new Session(Object.create(c, { properties: { value: c.properties.map((p) => ({ name: p.name, kind: p.kind, holds: (v: Int32Array) => p.holds(v) })) } }) as typeof c);
    expect(plain.properties(plain.walk(0, path).states[path.length])[0]).not.toHaveProperty('reason');
    // A stuck state says why when the model does.
    const stuck = Object.create(withReasons, { expand: { value: () => {} }, isEnd: { value: () => false }, checkDeadlock: { value: true } }) as typeof c;
    expect(new Session(stuck).end(states[0])).toEqual({ deadlock: true, reason: 'P0 waits for an OK' });
  });
});

describe('canonical step numbers', () => {
  it('are the same in two compilations of a model over unordered channels, whatever order they were met in', async () => {
    const loaded = await load('fifo-multicast-no-holdback', []);
    const a = new Session(loaded.model);
    const b = new Session(loaded.model);
    // Warm b's interning in another order: search it first.
    explore(b.c, { maxStates: 5_000 });
    let va = a.walk(0, []).states[0];
    let vb = b.walk(0, []).states[0];
    for (let depth = 0; depth < 8; depth++) {
      const sa = a.steps(va);
      const sb = b.steps(vb);
      expect(sb.map((s) => s.text)).toEqual(sa.map((s) => s.text));
      if (sa.length === 0) break;
      const k = (depth * 7) % sa.length;
      expect(b.keyOf(sb[k].next)).toBe(a.keyOf(sa[k].next));
      va = sa[k].next;
      vb = sb[k].next;
    }
  });
});
