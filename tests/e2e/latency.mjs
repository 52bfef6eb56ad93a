#!/usr/bin/env node
// From click to reader view: how long the real extension takes, step by step (issue 14).
//
//   node tests/e2e/latency.mjs DIR [--limit N] [--out FILE.json] [--extension DIR]...
//
// Loads the test copy of extension/ (harness.mjs: the build in extension/pkg/, host access to
// 127.0.0.1) in headless Chromium, serves pages of DIR (*.html or *.html.gz, sent as the bytes a
// server would send) from a local HTTP server, and for each page opens it in a tab, clicks the
// toolbar button (DevTools `Extensions.triggerAction`, which fires chrome.action.onClicked as a
// click does), and stops the clock when the reader frame has painted the article or the
// not-an-article notice (the task after the first animation frame after the render). Each page is
// opened twice on its tab: open, close (the button again), open. Every other host name fails to
// resolve, so nothing is fetched from the network and the pages' own sub-resources fail at once.
//
// The step times come from timestamps the extension takes only when asked: this script sets
// `latencyTrace` in chrome.storage.session (out of reach of web pages and content scripts), the
// service worker then sends a trace with the click's TOGGLE, the content script and the reader add
// theirs, and the reader stores the whole in chrome.storage.session (`latencyResult`) once painted.
// All clocks are the wall clock (`performance.timeOrigin + performance.now()`), comparable
// across the processes; the click is taken in this script just before the DevTools call.
//
// --extension DIR (repeatable; default: this checkout's extension/) times other builds of the
// extension on the same pages in the same run, say the main branch's beside a change: one
// Chromium each, started together, and each page opened in each in turn (the order alternating
// from page to page), so that the machine's load falls on all of them alike. A build's folder
// needs its pkg/ (make build there, or copy one in).
//
// --limit N (default 40) picks N pages spread over the page-size buckets (every bucket gets its
// share, evenly spaced by size within it; the largest pages are in the last buckets).
// It prints median, p95 and max of click → painted for first and second opens, overall and by
// page-size bucket and for the 5 largest pages, then the split by step. --out writes every open's
// timestamps and steps as JSON.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { EXTENSION, launch, sleep, waitFor } from './harness.mjs';

const USAGE = 'usage: node tests/e2e/latency.mjs DIR [--limit N] [--out FILE.json] [--extension DIR]...';
const OPEN_TIMEOUT = 60_000;

/** Page-size buckets (bytes of HTML as served). */
const BUCKETS = [
  ['< 40 kB', 0, 40e3],
  ['40-200 kB', 40e3, 200e3],
  ['200 kB-1 MB', 200e3, 1e6],
  ['1-3 MB', 1e6, 3e6],
  ['> 3 MB', 3e6, Infinity],
];

/**
 * The steps of one open, in the order they end, each from the latest timestamp before it to its
 * own (so they add up to click → painted even where steps run side by side: a step that ended
 * before the one listed above it counts 0). Builds take different paths: a step a build does not
 * take is left blank. Beside them: the reader frame's load from its navigation start to its
 * script running, and the wasm start-up (init() to ready).
 */
const STEPS = [
  ['click reached the service worker', 'clicked'],
  ['content script reached', 'content'],
  ['copying the page DOM (old path)', 'snapshot'],
  ['reader frame inserted (new path)', 'framed'],
  ['reading the page into bytes (new path)', 'walked'],
  ['overlay shown', 'overlay'],
  ['reader frame start-up (html, css, modules)', 'started'],
  ['reader set-up (settings, loading view)', 'requested'],
  ['snapshot request (reader → worker → content)', 'asked'],
  ['frame loaded, port and bytes posted (new)', 'sent'],
  ['page reaches the reader', 'received'],
  ['waiting for wasm', 'wasmWaited'],
  ['DOMParser on the copy (old path)', 'parsed'],
  ['corrections read', 'corrections'],
  ['analyze()', 'analyzed'],
  ['render', 'rendered'],
  ['layout and paint', 'painted'],
];

function parseArgs(argv) {
  const o = { dir: null, limit: 40, out: null, extensions: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit') o.limit = Number(argv[++i]);
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--extension') o.extensions.push(argv[++i]);
    else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (o.dir) throw new Error(`one DIR only\n${USAGE}`);
    else o.dir = a;
  }
  if (!o.dir) throw new Error(USAGE);
  if (!(Number.isInteger(o.limit) && o.limit > 0)) throw new Error(`--limit takes a positive whole number\n${USAGE}`);
  if (o.out === undefined) throw new Error(`--out takes a file name\n${USAGE}`);
  if (o.extensions.includes(undefined)) throw new Error(`--extension takes a folder\n${USAGE}`);
  if (!o.extensions.length) o.extensions.push(EXTENSION);
  return o;
}

/** The size of a page as served: a gzip file's last four bytes give it (ISIZE, modulo 4 GiB). */
function pageSize(file) {
  if (!file.endsWith('.gz')) return fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    fs.readSync(fd, buf, 0, 4, fs.fstatSync(fd).size - 4);
    return buf.readUInt32LE(0);
  } finally {
    fs.closeSync(fd);
  }
}

const bucketOf = (bytes) => BUCKETS.findIndex(([, lo, hi]) => bytes >= lo && bytes < hi);

/** N pages spread over the buckets: equal shares (what a bucket lacks goes to the others), evenly spaced by size. */
function pick(pages, n) {
  const byBucket = BUCKETS.map((_, b) => pages.filter((p) => p.bucket === b).sort((x, y) => x.bytes - y.bytes));
  const share = byBucket.map(() => 0);
  let left = Math.min(n, pages.length);
  while (left > 0) {
    const open = byBucket.map((ps, b) => b).filter((b) => share[b] < byBucket[b].length);
    const each = Math.max(1, Math.floor(left / open.length));
    // Larger buckets first when the division leaves a remainder: they are fewer and slower.
    for (const b of open.reverse()) {
      const take = Math.min(each, byBucket[b].length - share[b], left);
      share[b] += take;
      left -= take;
      if (!left) break;
    }
  }
  return byBucket.flatMap((ps, b) => Array.from({ length: share[b] },
    (_, i) => ps[Math.min(ps.length - 1, Math.floor(((i + 0.5) * ps.length) / share[b]))]));
}

/** Serves each picked page at /p/NAME as the bytes of its file (gunzipped), nothing else. */
function startPageServer(pages) {
  const byName = new Map(pages.map((p) => [p.name, p]));
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/p\//, ''));
    const page = req.url.startsWith('/p/') && byName.get(name);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    let bytes = fs.readFileSync(page.file);
    if (page.file.endsWith('.gz')) bytes = zlib.gunzipSync(bytes);
    let utf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      utf8 = false; // the browser reads the page's <meta charset>, as it would from a server that names none
    }
    res.writeHead(200, { 'Content-Type': utf8 ? 'text/html; charset=utf-8' : 'text/html', 'Cache-Control': 'no-store' });
    res.end(bytes);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const now = () => performance.timeOrigin + performance.now();

/** Opens the reader over `page` (toolbar click) and resolves to the trace the reader stored. */
async function openOnce(x, page, targetId) {
  await x.worker.evaluate(() => chrome.storage.session.remove('latencyResult'));
  const click = now();
  await x.cdp.send('Extensions.triggerAction', { id: x.extensionId, targetId });
  const result = await waitFor('the reader to paint', () => x.worker.evaluate(
    () => chrome.storage.session.get('latencyResult').then((v) => v.latencyResult || null)), OPEN_TIMEOUT);
  return { click, ...result };
}

/** The step durations of one open, and click → painted. */
function steps(t) {
  const out = { total: t.painted - t.click, frameLoad: t.started - t.frame, wasmStartup: t.wasmReady - t.wasmInit };
  let prev = t.click;
  for (const [, key] of STEPS) {
    if (typeof t[key] !== 'number') continue;
    out[key] = Math.max(0, t[key] - prev);
    prev = Math.max(prev, t[key]);
  }
  return out;
}

const quantile = (xs, q) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] : NaN;
};
const ms = (v) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : Math.round(v).toString()) : '-').padStart(6);
const stats = (xs) => `${ms(quantile(xs, 0.5))} ${ms(quantile(xs, 0.95))} ${ms(Math.max(...xs))}`;
const kb = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`);

/** The figures of each build (`runs`: [{name, rows}]), side by side. */
function report(runs) {
  for (const { name, rows } of runs) {
    const ok = rows.filter((r) => r.first && r.second);
    const failed = rows.filter((r) => r.error);
    console.log(`${name}: ${rows.length} pages (${ok.length} opened twice, ${failed.length} failed), ` +
      `${kb(Math.min(...rows.map((r) => r.bytes)))} to ${kb(Math.max(...rows.map((r) => r.bytes)))}; ` +
      `${ok.filter((r) => !r.first.readerable).length} showed the not-an-article notice`);
    if (failed.length) console.log(`  failed: ${failed.map((r) => `${r.name}: ${r.error}`).join('; ')}`);
  }
  const oks = runs.map(({ rows }) => rows.filter((r) => r.first && r.second));
  const head = (w) => runs.map(({ name }) => name.slice(-(w)).padStart(w)).join('   ');
  const sub = (w, text) => runs.map(() => text.padStart(w)).join('   ');

  console.log('\nclick → article painted, ms: median p95 max, first open / second open, per build');
  const W = 41;
  console.log(`${''.padEnd(22)} ${'pages'.padStart(5)}   ${head(W)}`);
  console.log(`${''.padEnd(22)} ${''.padStart(5)}   ${sub(W, 'first: med  p95  max  second: med  p95  max')}`);
  const cell = (part) => `${stats(part.map((r) => r.first.total))}   ${stats(part.map((r) => r.second.total))}`.padStart(W);
  const line = (name, pick) => {
    const parts = oks.map(pick);
    if (!parts[0].length) return;
    console.log(`${name.padEnd(22)} ${String(parts[0].length).padStart(5)}   ${parts.map(cell).join('   ')}`);
  };
  line('all', (ok) => ok);
  BUCKETS.forEach(([name], b) => line(name, (ok) => ok.filter((r) => r.bucket === b)));
  line('5 largest', (ok) => [...ok].sort((a, b) => b.bytes - a.bytes).slice(0, 5));

  console.log('\nsplit by step, ms: median p95, first open / second open, per build (each from the latest step before it; they add up to the total)');
  const S = 27;
  console.log(`${''.padEnd(46)} ${head(S)}`);
  console.log(`${''.padEnd(46)} ${sub(S, 'first: med  p95  second: med  p95')}`);
  const stepCell = (ok, key) => {
    const a = ok.map((r) => r.first.steps[key]);
    const b = ok.map((r) => r.second.steps[key]);
    return `${ms(quantile(a, 0.5))} ${ms(quantile(a, 0.95))}   ${ms(quantile(b, 0.5))} ${ms(quantile(b, 0.95))}`.padStart(S);
  };
  const stepLine = (name, key) => {
    if (!oks.some((ok) => ok.some((r) => Number.isFinite(r.first.steps[key])))) return;
    console.log(`${name.padEnd(46)} ${oks.map((ok) => stepCell(ok, key)).join('   ')}`);
  };
  for (const [name, key] of STEPS) stepLine(name, key);
  stepLine('(reader frame, navigation start to script)', 'frameLoad');
  stepLine('(wasm start-up, beside the steps above)', 'wasmStartup');
  stepLine('total', 'total');
  runs.forEach(({ name }, i) => {
    const ok = oks[i];
    const perMb = ok.filter((r) => r.first.chars > 1e6).map((r) => r.first.steps.received / (r.first.chars / 1e6));
    const slowest = [...ok].sort((a, b) => b.first.total - a.first.total).slice(0, 5);
    console.log(`${name}: ${perMb.length ? `page to the reader on pages over 1 MB (as sent): median ${ms(quantile(perMb, 0.5)).trim()} ms per MB; ` : ''}` +
      `slowest first opens (page: ms, size): ${slowest.map((r) => `${r.name}: ${Math.round(r.first.total)}, ${kb(r.bytes)}`).join(' | ')}`);
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const all = fs.readdirSync(o.dir).filter((f) => /\.html(\.gz)?$/.test(f)).sort().map((name) => {
    const file = path.join(o.dir, name);
    const bytes = pageSize(file);
    return { name, file, bytes, bucket: bucketOf(bytes) };
  });
  if (!all.length) throw new Error(`no *.html or *.html.gz pages in ${o.dir}`);
  const pages = pick(all, o.limit);
  const server = await startPageServer(pages);
  const origin = `http://127.0.0.1:${server.address().port}`;
  // One Chromium per build. No network: every host but the page server fails to resolve at once.
  const runs = o.extensions.map((dir) => ({ name: dir === EXTENSION ? 'this checkout' : dir, dir, rows: [] }));
  const browsers = [];
  try {
    for (const run of runs) {
      const x = await launch({ extension: run.dir, args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
      browsers.push(x);
      run.x = x;
      await x.worker.evaluate(() => chrome.storage.session.set({ latencyTrace: true }));
    }
    for (const [i, p] of pages.entries()) {
      process.stderr.write(`\r[${i + 1}/${pages.length}] ${p.name} ${kb(p.bytes)}        `);
      const order = i % 2 ? [...runs].reverse() : runs;
      for (const run of order) run.rows.push(await timePage(run.x, origin, p));
    }
    process.stderr.write('\n');
  } finally {
    for (const x of browsers) await x.close();
    server.closeAllConnections();
    server.close();
  }
  for (const run of runs) run.rows.sort((a, b) => pages.findIndex((p) => p.name === a.name) - pages.findIndex((p) => p.name === b.name));
  report(runs);
  if (o.out) {
    const builds = runs.map(({ name, rows }) => ({ name, pages: rows }));
    fs.writeFileSync(o.out, `${JSON.stringify({ steps: STEPS, buckets: BUCKETS.map(([n]) => n), builds }, null, 1)}\n`);
  }
}

/** Opens page `p` in a new tab of `x`'s browser, opens the reader twice (closing it between). */
async function timePage(x, origin, p) {
  const row = { name: p.name, bytes: p.bytes, bucket: p.bucket };
  const page = await x.context.newPage();
  try {
    const url = `${origin}/p/${encodeURIComponent(p.name)}`;
    await page.goto(url, { waitUntil: 'load', timeout: OPEN_TIMEOUT }).catch(() => {});
    await sleep(300);
    const { targetInfos } = await x.cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`no tab target for ${page.url()}`);
    for (const which of ['first', 'second']) {
      const t = await openOnce(x, page, tab.targetId);
      row[which] = { readerable: t.readerable, chars: t.chars, total: t.painted - t.click, steps: steps(t), times: t };
      // Close it as the user would (the button again) and let the tab settle.
      await x.cdp.send('Extensions.triggerAction', { id: x.extensionId, targetId: tab.targetId });
      await x.waitForOverlayGone(page);
      await sleep(300);
    }
  } catch (e) {
    row.error = e.message.split('\n')[0];
  } finally {
    await page.close().catch(() => {});
  }
  return row;
}

main().catch((e) => {
  console.error(`latency: ${e.message}`);
  process.exit(1);
});
