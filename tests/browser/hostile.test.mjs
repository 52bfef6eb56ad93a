// Hostile pages: the XSS corpus (tests/fixtures/hostile/xss.txt) and the pathological pages,
// through the wasm build in Chromium and the native command line.
//
// Each vector is a small page. Through wasm, it goes the way extension/reader.js takes a page
// snapshot: DOMParser, then analyze() from pkg/. (A page controls its snapshot completely, since
// its scripts can make its live DOM serialise to any HTML, so the snapshot is taken to be the
// page's source.) `article.html` must hold nothing outside the allow-list (hostile/check.js: the
// browser parses it as reader-view.js does and every node is walked), and the analysis is then
// rendered by the real renderReader() (extension/reader-view.js) in a reader frame made like
// reader.html (hostile/render.html), where nothing may run: every vector calls XSS() (or alert
// and the like), which the frame records, and the frame is served with a report-only
// Content-Security-Policy without 'unsafe-inline', so any inline handler, javascript: URL or
// eval that runs is reported even when it calls nothing. Natively, the same pages go through
// `target/release/readmode extract --format html` and the same allow-list check; that HTML is
// rendered the same way too. A third path gives each vector's raw markup to renderReader() as if
// the core had let it all through: reader-view.js's own cleaning must still keep script from
// running (its second line of defence, tested on its own).
//
// A vector line followed by `  known-gap: WHY` (or `  known-gap wasm: WHY`, `  known-gap native:
// WHY` for one path) is a known core finding: while it fails it is printed and does not fail its
// family's test; once it passes, the test fails and says to remove the marker, so the fix is kept
// (as expect.txt's known-gap lines do for the golden pages). Script that runs is never a known gap.
//
// The pathological pages (deep nesting, many attributes, huge text, ...) are generated here at a
// size that keeps this test to seconds; the reader must answer each (no hang, no panic, output
// within the allow-list), and the time each took is printed.
//
//   node --test --test-reporter=spec tests/browser/hostile.test.mjs     (after `make build`)
//   HOSTILE_FAMILY=svg-mathml node --test tests/browser/hostile.test.mjs   (one family)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';
import { AFTER, BEFORE, parseCorpus, vectorPage } from './hostile/corpus.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = path.join(REPO, 'tests', 'fixtures', 'hostile', 'xss.txt');
const CLI = path.join(REPO, 'target', 'release', 'readmode');
// The origin the harness and every vector page live at: served by the test itself (page.route),
// nothing leaves the machine. Images a vector names there get a 404, so onerror would fire.
const ORIGIN = 'http://hostile.test';
// extension/ whole: reader-view.js imports its neighbours (settings.js, ...).
const SERVED = ['pkg/', 'extension/', 'tests/browser/hostile/'];
// The reader frames' policy, reported and not enforced: every inline script, handler and
// javascript: URL is reported, and still runs (so that XSS() records it too).
const REPORT_ONLY_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; frame-src 'self'; base-uri 'none'; form-action 'none'";
// A vector the wasm does not answer within this long is a hang (a small page takes milliseconds).
const HANG_MS = 10_000;
const CLI_TIMEOUT_MS = 60_000;
const FRAMES_AT_ONCE = 24;
const TEST_TIMEOUT = { timeout: 600_000 };

const vectorUrl = (v) => `${ORIGIN}/v/${v.name}.html`;

// ---------------------------------------------------------------------------- the browser

let browser;
let context;
let page;
let tmpDir;
// What happened outside the frames' own records: dialogs, uncaught errors, top-level navigations.
const pageEvents = [];

function contentType(file) {
  return { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8', '.css': 'text/css' }[path.extname(file)]
    || 'application/octet-stream';
}

/** Serves the harness, the wasm and the reader view from the checkout; anything else is a 404. */
async function route(r) {
  const url = new URL(r.request().url());
  if (url.origin !== ORIGIN) return r.abort();
  const rel = decodeURIComponent(url.pathname).slice(1);
  const file = path.join(REPO, rel);
  if (!SERVED.some((p) => rel.startsWith(p)) || rel.includes('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return r.fulfill({ status: 404, body: 'not found' });
  }
  return r.fulfill({
    status: 200,
    body: fs.readFileSync(file),
    headers: {
      'content-type': contentType(file),
      'cache-control': 'max-age=600',
      ...(rel.endsWith('/render.html') ? { 'content-security-policy-report-only': REPORT_ONLY_CSP } : {}),
    },
  });
}

/** Opens (or reopens, after a hang) the harness page. */
async function openHarness() {
  if (page) await Promise.race([page.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  page = await context.newPage();
  page.on('dialog', (d) => {
    pageEvents.push(`dialog ${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => pageEvents.push(`uncaught error: ${e.message}`));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame() && !f.url().endsWith('/harness.html')) pageEvents.push(`the harness page navigated to ${f.url()}`);
  });
  await page.goto(`${ORIGIN}/tests/browser/hostile/harness.html`);
  await page.waitForFunction(() => window.hostileReady === true, null, { timeout: 60_000 });
}

before(async () => {
  for (const f of [path.join(REPO, 'pkg', 'readmode_bg.wasm'), CLI]) {
    assert.ok(fs.existsSync(f), `${f} is missing: run make build first`);
  }
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-hostile-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  await context.route('**/*', route);
  await openHarness();
});

after(async () => {
  if (browser) await browser.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** The wasm analysis of one page, or {hang} when it does not answer in HANG_MS. */
async function analyzeInBrowser(html, url, hangMs = HANG_MS) {
  const t0 = performance.now();
  let timer;
  const answer = await Promise.race([
    page.evaluate(([h, u]) => window.hostile.analyzeVector(h, u), [html, url]),
    new Promise((r) => { timer = setTimeout(() => r(null), hangMs); }),
  ]).catch((e) => ({ error: { name: 'harness', message: e.message } }));
  clearTimeout(timer);
  const ms = performance.now() - t0;
  // A panic leaves the wasm instance unusable (its stack is not unwound): a fresh page for the next.
  if (answer && answer.error && answer.error.name === 'RuntimeError') await openHarness();
  if (answer) return { ...answer, ms };
  await openHarness();
  return { hang: true, ms };
}

/** `readmode extract FILE --url URL --format html`: {code, stdout, stderr, ms}. */
function runCli(file, url) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(CLI, ['extract', file, '--url', url, '--format', 'html'], { timeout: CLI_TIMEOUT_MS, maxBuffer: 1 << 30 },
      (err, stdout, stderr) => resolve({
        code: err ? (err.killed ? 'timeout' : err.code ?? err.signal) : 0, stdout, stderr, ms: performance.now() - t0,
      }));
  });
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** Renders {key, json} analyses in reader frames, FRAMES_AT_ONCE at a time. */
async function render(items) {
  const out = [];
  for (let i = 0; i < items.length; i += FRAMES_AT_ONCE) {
    const batch = items.slice(i, i + FRAMES_AT_ONCE);
    out.push(...await page.evaluate((b) => window.hostile.renderInFrames(b), batch));
  }
  return out;
}

const takeHarnessHits = () => page.evaluate(() => window.__hits.splice(0));

// ------------------------------------------------------------------------------- the suite

test('the harness sees script that runs in a reader frame', async () => {
  // Past the core and reader-view.js, straight into the frame: what the suite must catch.
  const r = await page.evaluate(() => window.hostile.selfCheck(
    '<img src="/nothing-here.png" onerror="XSS(1)"><details open ontoggle="alert(2)"><summary>s</summary></details>'));
  assert.ok(r.hits.includes('called XSS(1)'), `the onerror handler was not seen: ${JSON.stringify(r.hits)}`);
  assert.ok(r.hits.includes('called alert(2)'), `the ontoggle handler was not seen: ${JSON.stringify(r.hits)}`);
  assert.ok(r.hits.some((h) => h.startsWith('CSP report: script-src-attr')), `no CSP report: ${JSON.stringify(r.hits)}`);
});

const corpus = parseCorpus(fs.readFileSync(CORPUS, 'utf8'));
const kept = (html) => html.includes(BEFORE) && html.includes(AFTER);
const only = process.env.HOSTILE_FAMILY;
const families = [...new Set(corpus.map((v) => v.family))].filter((f) => !only || f === only);
if (only && !families.length) throw new Error(`HOSTILE_FAMILY=${only}: no such family in xss.txt`);
// Per family and path, for the closing summary.
const summary = [];

// A page the core cannot read gets a sentence: an Error whose message starts with `readmode:`
// from analyze(), exit code 1 from the command line. That is an answer, unless the other front end
// reads the same page (then it is a problem of the one that refused).
const refusedWasm = (r) => !!(r.error && r.error.name === 'Error' && /^readmode: /.test(r.error.message));
const refusedNative = (run) => run.code === 1 && /^readmode: /.test(run.stderr);

/** A record of the reader frame's hooks as a problem: a call or error is an execution. */
const frameHit = (h) => (h.startsWith('CSP report') ? `reader frame: ${h}` : `EXECUTED in the reader frame: ${h}`);

/** The wasm path for a family's vectors: {problems by vector name, exposure}. */
async function wasmPath(vectors) {
  const problems = new Map(vectors.map((v) => [v.name, []]));
  const refused = new Set();
  const rendered = [];
  let exposed = 0;
  for (const v of vectors) {
    const r = await analyzeInBrowser(vectorPage(v), vectorUrl(v));
    const p = problems.get(v.name);
    if (r.hang) p.push(`no answer from analyze() within ${HANG_MS / 1000} s (a hang)`);
    else if (refusedWasm(r)) refused.add(v.name);
    else if (r.error) p.push(`analyze() threw ${r.error.name}: ${r.error.message}`);
    else {
      p.push(...r.violations.map((x) => `article.html: ${x}`));
      const a = r.analysis;
      if (a.readerable && a.article && kept(a.article.html)) exposed++;
      rendered.push({ key: v.name, json: JSON.stringify(a) });
    }
  }
  for (const r of await render(rendered)) {
    const p = problems.get(r.key);
    p.push(...r.hits.map(frameHit));
    if (r.navigated) p.push('EXECUTED: the reader frame navigated away');
    p.push(...r.violations.map((x) => `rendered view: ${x}`));
  }
  return { problems, exposed, refused };
}

/** The native path for a family's vectors. */
async function nativePath(vectors) {
  const problems = new Map(vectors.map((v) => [v.name, []]));
  const refused = new Set();
  const runs = await pool(vectors, 2, async (v) => {
    const file = path.join(tmpDir, `${v.name.replace('/', '--')}.html`);
    fs.writeFileSync(file, vectorPage(v));
    return runCli(file, vectorUrl(v));
  });
  const rendered = [];
  let exposed = 0;
  const checks = await page.evaluate((htmls) => htmls.map((h) => window.hostile.checkReaderHtml(h)), runs.map((r) => r.stdout));
  vectors.forEach((v, i) => {
    const run = runs[i];
    const p = problems.get(v.name);
    if (refusedNative(run)) {
      refused.add(v.name);
      return;
    }
    if (run.code !== 0) p.push(`the CLI exited ${run.code}: ${run.stderr.trim().slice(0, 300)}`);
    p.push(...checks[i].map((x) => `reader HTML: ${x}`));
    if (kept(run.stdout)) exposed++;
    const analysis = { readerable: true, reason: null, article: { title: `Hostile page ${v.name}`, html: run.stdout, readingTimeMinutes: 1 } };
    rendered.push({ key: v.name, json: JSON.stringify(analysis) });
  });
  for (const r of await render(rendered)) {
    const p = problems.get(r.key);
    p.push(...r.hits.map(frameHit));
    if (r.navigated) p.push('EXECUTED: the reader frame navigated away');
    p.push(...r.violations.map((x) => `rendered view: ${x}`));
  }
  return { problems, exposed, refused };
}

/**
 * reader-view.js alone: each vector's page body given to renderReader() as `article.html`, as if
 * the core had let everything through. Its own cleaning must still keep any script from running
 * (the allow-list does not apply: it keeps more than the core does, SVG for one). Chromium reports
 * the handlers it parses into reader-view's inert <template> to the frame's policy, so here only
 * calls, script errors and navigations count.
 */
async function viewPath(vectors) {
  const problems = new Map(vectors.map((v) => [v.name, []]));
  const items = vectors.map((v) => {
    const html = vectorPage(v);
    const body = (/<body[^>]*>([\s\S]*)<\/body>/i.exec(html) || [null, html])[1];
    const analysis = { readerable: true, reason: null, article: { title: `Hostile page ${v.name}`, html: body, readingTimeMinutes: 1 } };
    return { key: v.name, json: JSON.stringify(analysis) };
  });
  for (const r of await render(items)) {
    const p = problems.get(r.key);
    p.push(...r.hits.filter((h) => !h.startsWith('CSP report')).map(frameHit));
    if (r.navigated) p.push('EXECUTED: the reader frame navigated away');
  }
  return { problems };
}

/** A page one front end refuses and the other reads is a problem of the one that refused. */
function crossCheck(vectors, wasm, native) {
  for (const v of vectors) {
    const [w, n] = [wasm.refused.has(v.name), native.refused.has(v.name)];
    if (w && !n) wasm.problems.get(v.name).push('analyze() refused a page the command line reads');
    if (n && !w) native.problems.get(v.name).push('the CLI refused (exit 1) a page the wasm build reads');
  }
}

/** Fails on problems, except known gaps that still fail (printed); a known gap that passes fails. */
function judge(pathName, vectors, { problems }, t) {
  const failures = [];
  const gaps = [];
  for (const v of vectors) {
    const p = problems.get(v.name);
    const gap = v.knownGap[pathName];
    // Script that ran, or reached the reader frame's parser, is never a known gap.
    const ran = p.some((x) => x.startsWith('EXECUTED') || x.startsWith('reader frame: CSP'));
    if (gap && p.length && !ran) {
      gaps.push(`${v.name} (known gap: ${gap}): ${p[0]}`);
    } else if (p.length) {
      failures.push(`${v.name} (xss.txt line ${v.line}) ${JSON.stringify(v.html.slice(0, 160))}\n      ${p.join('\n      ')}`);
    } else if (gap) {
      failures.push(`${v.name} (xss.txt line ${v.line}) passes now: remove its known-gap line for ${pathName} ("${gap}")`);
    }
  }
  for (const g of gaps) t.diagnostic(`${pathName} known gap: ${g}`);
  return { failures, gaps };
}

for (const family of families) {
  const vectors = corpus.filter((v) => v.family === family);
  test(`xss ${family}: ${vectors.length} vectors, wasm in Chromium, native CLI, reader-view.js alone`, TEST_TIMEOUT, async (t) => {
    const wasm = await wasmPath(vectors);
    const native = await nativePath(vectors);
    crossCheck(vectors, wasm, native);
    const view = await viewPath(vectors);
    const outside = [...pageEvents.splice(0), ...(await takeHarnessHits()).map((h) => `in the harness page: ${h}`)];
    const w = judge('wasm', vectors, wasm, t);
    const n = judge('native', vectors, native, t);
    summary.push({ family, vectors: vectors.length, wasm, native, gaps: [w.gaps.length, n.gaps.length] });
    t.diagnostic(`${family}: ${vectors.length} vectors; the article around the vector was kept in ${wasm.exposed} (wasm) and ${native.exposed} (native)`);
    const r = judge('view', vectors, view, t);
    const failures = [...w.failures.map((f) => `wasm   ${f}`), ...n.failures.map((f) => `native ${f}`),
      ...r.failures.map((f) => `reader-view.js alone ${f}`), ...outside.map((o) => `EXECUTED ${o}`)];
    assert.deepEqual(failures, [], `${failures.length} problems in family ${family}:\n  ${failures.join('\n  ')}`);
  });
}

test('xss corpus: size and exposure', { skip: !!only }, () => {
  const total = corpus.length;
  const exposedWasm = summary.reduce((s, f) => s + f.wasm.exposed, 0);
  const exposedNative = summary.reduce((s, f) => s + f.native.exposed, 0);
  console.log(`xss corpus: ${total} vectors in ${families.length} families; the article around the vector kept in `
    + `${exposedWasm} (wasm) and ${exposedNative} (native)`);
  // A corpus whose vectors the classifier drops wholesale tests nothing: most must reach the reader.
  assert.ok(exposedWasm >= total * 0.8, `only ${exposedWasm} of ${total} vectors reached the reader view (wasm)`);
  assert.ok(exposedNative >= total * 0.8, `only ${exposedNative} of ${total} vectors reached the reader view (native)`);
});

// ---------------------------------------------------------------------------- pathological pages

// Pages of a pathological shape, at a size that keeps this test to seconds (the full-size
// pages, 100,000 deep, belong in a benchmark). Each wraps its shape in an article between two
// paragraphs of prose, which the reader must show.
const LEAD = 'The first paragraph of the pathological page is prose, so that the page reads as an article whatever its shape. ';
const prose = `<p>${LEAD.repeat(4)}</p>`;
const shaped = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pathological page</title></head>`
  + `<body><article><h1>Pathological page</h1>${prose}${body}${prose}</article></body></html>`;
const PATHOLOGICAL = [
  ['deep-div', '10,000 nested <div>', shaped(`${'<div>'.repeat(10_000)}<p>Deep words.</p>${'</div>'.repeat(10_000)}`)],
  ['deep-noscript', '10,000 nested <noscript>', shaped(`${'<noscript>'.repeat(10_000)}<img src="https://img.example/a.jpg">${'</noscript>'.repeat(10_000)}`)],
  ['deep-list', '5,000 nested <ul><li>', shaped(`${'<ul><li>'.repeat(5_000)}item words${'</li></ul>'.repeat(5_000)}`)],
  ['deep-table', '2,000 nested tables', shaped(`${'<table><tr><td>'.repeat(2_000)}cell words${'</td></tr></table>'.repeat(2_000)}`)],
  ['deep-inline', '10,000 nested <b>', shaped(`<p>${'<b>'.repeat(10_000)}bold words${'</b>'.repeat(10_000)}</p>`)],
  ['unclosed-formatting', '2,000 unclosed <b><i><a>', shaped(`<p>${'<b><i><a href="https://ok.example/">x '.repeat(2_000)}</p>`)],
  ['many-attributes', '20,000 attributes on one element',
    shaped(`<p ${Array.from({ length: 20_000 }, (_, i) => `data-a${i}="${i}"`).join(' ')}>${'Words of a paragraph with very many attributes. '.repeat(5)}</p>`)],
  ['many-paragraphs', '20,000 paragraphs', shaped('<p>A short paragraph of the story, one of very many.</p>'.repeat(20_000))],
  ['huge-text', '4 MB of text in one paragraph', shaped(`<p>${'word '.repeat(800_000)}</p>`)],
  ['long-attribute', 'a 4 MB attribute value', shaped(`<p title="${'x'.repeat(4_000_000)}">A paragraph with a very long title, and words.</p>`)],
  ['wide-srcset', 'a srcset of 50,000 candidates',
    shaped(`<p>An image: <img srcset="${Array.from({ length: 50_000 }, (_, i) => `https://img.example/${i}.jpg ${i + 1}w`).join(', ')}"> and words.</p>`)],
  ['many-entities', '900,000 character references', shaped(`<p>${'&amp;&lt;&#x41;'.repeat(300_000)}</p>`)],
];
// A pathological page gets this long before it counts as a hang (it takes a second or two here).
const PATHOLOGICAL_HANG_MS = 60_000;

test(`pathological pages: the reader answers each (${PATHOLOGICAL.length} shapes, wasm and native)`, { ...TEST_TIMEOUT, skip: !!only }, async (t) => {
  const failures = [];
  const rows = [];
  const first = LEAD.trim();
  for (const [name, what, html] of PATHOLOGICAL) {
    const url = `${ORIGIN}/pathological/${name}.html`;
    const wasm = await analyzeInBrowser(html, url, PATHOLOGICAL_HANG_MS);
    const file = path.join(tmpDir, `pathological-${name}.html`);
    fs.writeFileSync(file, html);
    const native = await runCli(file, url);
    const [nativeCheck] = await page.evaluate((h) => [window.hostile.checkReaderHtml(h)], native.stdout);
    const fail = (m) => failures.push(`${name} (${what}): ${m}`);
    if (wasm.hang) fail(`wasm: no answer within ${PATHOLOGICAL_HANG_MS / 1000} s`);
    else if (wasm.error) fail(`wasm: analyze() threw ${wasm.error.name}: ${wasm.error.message}`);
    else {
      if (!wasm.analysis.readerable || !wasm.analysis.article.html.includes(first)) fail(`wasm: no article (${wasm.analysis.reason})`);
      for (const v of wasm.violations) fail(`wasm: article.html: ${v}`);
    }
    if (native.code !== 0) fail(`native: the CLI exited ${native.code}: ${native.stderr.trim().slice(0, 200)}`);
    else if (!native.stdout.includes(first)) fail('native: no article');
    for (const v of nativeCheck) fail(`native: reader HTML: ${v}`);
    rows.push(`${name.padEnd(20)} ${what.padEnd(34)} ${(html.length / 1e6).toFixed(1).padStart(5)} MB  wasm ${Math.round(wasm.ms).toString().padStart(6)} ms  native ${Math.round(native.ms).toString().padStart(6)} ms`);
  }
  // Figures, not assertions: time on these shared machines varies from run to run.
  console.log(`pathological pages (analyze() in Chromium, with DOMParser; the CLI process, with reading the file):\n  ${rows.join('\n  ')}`);
  t.diagnostic(`${PATHOLOGICAL.length} pathological pages answered`);
  assert.deepEqual(failures, [], `the reader did not answer:\n  ${failures.join('\n  ')}`);
});
