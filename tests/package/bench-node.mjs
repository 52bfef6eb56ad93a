#!/usr/bin/env node
// Speed of readmode's `readmode/html` in Node against jsdom + Readability.js, the usual way to run
// a reader mode on a server, on the same pages in one process.
//
//   make package && node tests/package/bench-node.mjs DIR [--limit N] [--repeat R]
//   node tests/package/bench-node.mjs DIR --json FILE    # also every page's timings, as JSON
//
// Every *.html / *.html.gz page of DIR (the first N by name) is read once; then, per page and
// interleaved, the run times: `analyzeHtml` from the built package (target/npm/readmode/, the
// files `npm pack` packs) with default options (blocks included) and with `includeBlocks: false`;
// `new JSDOM(html, { url })`; and `new Readability(document).parse()` on that document (timed
// apart; a new document each repeat, as Readability modifies it). Each is repeated R times
// (default 1) and the mean kept. The page URL comes from DIR/../ground-truth/ID.json when there is one. Garbage is
// collected between pages, outside the timings, so one engine's garbage is not charged to the
// other. It prints median, p95, max and total per engine, per-page ratios and the slowest pages.

import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseBenchArgs, quantile, readPage } from '../support.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGE = path.join(REPO, 'target', 'npm', 'readmode');
const USAGE = 'usage: node tests/package/bench-node.mjs DIR [--limit N] [--repeat R] [--json FILE]';
const FALLBACK_URL = 'http://fakehost/test/page.html';

const parseArgs = (argv) => parseBenchArgs(argv, USAGE, { json: null }, { '--json': (v, o) => { o.json = v; } });

function pageUrl(dir, id) {
  try {
    const u = JSON.parse(fs.readFileSync(path.join(dir, '..', 'ground-truth', `${id}.json`), 'utf8')).url;
    return /^https?:\/\//.test(u) ? u : FALLBACK_URL;
  } catch {
    return FALLBACK_URL;
  }
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

// A full collection between pages, outside the timings.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/** Mean milliseconds of `f` over `repeat` calls. */
function time(repeat, f) {
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) f();
  return (performance.now() - t0) / repeat;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const files = fs.readdirSync(o.dir).filter((f) => /\.html(\.gz)?$/.test(f)).sort().slice(0, o.limit).map((f) => path.join(o.dir, f));
  if (!files.length) throw new Error(`no *.html or *.html.gz pages in ${o.dir}`);
  if (!fs.existsSync(path.join(PACKAGE, 'html', 'readmode_bg.wasm'))) throw new Error(`${PACKAGE} is missing: run make package`);

  const require = createRequire(import.meta.url);
  let t0 = performance.now();
  const readmode = await import(pathToFileURL(path.join(PACKAGE, 'html.js')).href);
  const loadReadmode = performance.now() - t0;
  t0 = performance.now();
  const { JSDOM, VirtualConsole } = require('jsdom');
  const { Readability } = require('@mozilla/readability');
  const loadJsdom = performance.now() - t0;
  // A new one for each document, with no listener: jsdom's CSS parse errors and the like are not
  // ours to print, and no window stays reachable from a shared console.
  const jsdomOptions = (url) => ({ url, virtualConsole: new VirtualConsole() });
  const page = (file) => {
    const id = path.basename(file).split('.')[0];
    try {
      return { id, html: readPage(file), url: pageUrl(o.dir, id) };
    } catch (e) {
      process.stderr.write(`skipping ${id}: ${e.message}\n`);
      return null;
    }
  };

  // Warm both engines up (JIT, wasm tiers) on the first pages, untimed.
  for (const p of files.slice(0, 5).map(page).filter(Boolean)) {
    try { readmode.analyzeHtml(p.html, { url: p.url }); } catch { /* timed below */ }
    try {
      const { window } = new JSDOM(p.html, jsdomOptions(p.url));
      new Readability(window.document).parse();
      window.close();
    } catch { /* timed below */ }
  }

  const rows = [];
  for (const [i, file] of files.entries()) {
    const p = page(file);
    if (!p) continue;
    const row = { id: p.id, bytes: Buffer.byteLength(p.html), error: null };
    // jsdom frees a closed window's document only once the event loop turns: without this turn
    // the heap grows by megabytes a page and slows everything after.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    try {
      row.core = time(o.repeat, () => readmode.analyzeHtml(p.html, { url: p.url }));
      row.article = time(o.repeat, () => readmode.analyzeHtml(p.html, { url: p.url, includeBlocks: false }));
    } catch (e) {
      row.error = `readmode: ${e.message}`;
    }
    gc();
    try {
      // Each repeat parses a new document (timed) and runs Readability on it (timed apart):
      // Readability modifies the document it reads.
      let jsdom = 0;
      let readability = 0;
      for (let i = 0; i < o.repeat; i++) {
        let t = performance.now();
        const { window } = new JSDOM(p.html, jsdomOptions(p.url));
        jsdom += performance.now() - t;
        if (i === 0) row.elements = window.document.getElementsByTagName('*').length;
        t = performance.now();
        new Readability(window.document).parse();
        readability += performance.now() - t;
        window.close();
      }
      row.jsdom = jsdom / o.repeat;
      row.readability = readability / o.repeat;
    } catch (e) {
      row.error = (row.error ? row.error + '; ' : '') + `jsdom/Readability: ${e.message}`;
    }
    rows.push(row);
    process.stderr.write(`\r[${i + 1}/${files.length}] ${p.id}   `);
  }
  gc();
  const mem = process.memoryUsage();
  process.stderr.write(`\nat the end: ${(mem.rss / 2 ** 20).toFixed(0)} MiB resident, JS heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB\n`);
  const run = { node: process.version, loadReadmode, loadJsdom, repeat: o.repeat, rows };
  if (o.json) fs.writeFileSync(o.json, JSON.stringify(run));
  report(rows, run);
}

function report(rows, { loadReadmode, loadJsdom, repeat }) {
  const ok = rows.filter((r) => Number.isFinite(r.core) && Number.isFinite(r.jsdom) && Number.isFinite(r.readability));
  for (const r of ok) r.both = r.jsdom + r.readability;
  const failed = rows.filter((r) => r.error);
  console.log(`node ${process.version}, ${rows.length} pages (${ok.length} timed on every engine, ${failed.length} with an error), repeat ${repeat}`);
  console.log(`module load: readmode/html ${loadReadmode.toFixed(0)} ms (wasm compiled and instantiated), jsdom + Readability.js ${loadJsdom.toFixed(0)} ms`);
  console.log(`${'engine'.padEnd(34)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)} ${'total'.padStart(9)}   ms`);
  const engines = [
    ['readmode analyzeHtml (wasm)', 'core'],
    ['  article only (includeBlocks off)', 'article'],
    ['jsdom parse (new JSDOM)', 'jsdom'],
    ['Readability.js parse()', 'readability'],
    ['jsdom + Readability.js', 'both'],
  ];
  for (const [name, key] of engines) {
    const xs = ok.map((r) => r[key]);
    console.log(`${name.padEnd(34)} ${fmt(quantile(xs, 0.5))} ${fmt(quantile(xs, 0.95))} ${fmt(Math.max(...xs))} ${sum(xs).toFixed(0).padStart(9)}`);
  }
  const ratio = (key) => {
    const xs = ok.map((r) => r[key] / Math.max(r.core, 1e-3));
    return `median ${quantile(xs, 0.5).toFixed(1)}x, p5 ${quantile(xs, 0.05).toFixed(1)}x, p95 ${quantile(xs, 0.95).toFixed(1)}x`;
  };
  console.log(`(jsdom + Readability) / readmode per page: ${ratio('both')}`);
  console.log(`Readability alone / readmode per page: ${ratio('readability')}`);
  const slowest = [...ok].sort((a, b) => b.core - a.core).slice(0, 5);
  console.log(`slowest pages for readmode (id: ms, KB, elements, jsdom + Readability ms): ${slowest.map((r) => `${r.id}: ${r.core.toFixed(1)}, ${(r.bytes / 1024).toFixed(0)}, ${r.elements}, ${r.both.toFixed(1)}`).join(' | ')}`);
  if (failed.length) console.log(`errors: ${failed.slice(0, 10).map((r) => `${r.id}: ${r.error}`).join('; ')}`);
}

main().catch((e) => {
  console.error(`bench-node: ${e.message}`);
  process.exit(1);
});
