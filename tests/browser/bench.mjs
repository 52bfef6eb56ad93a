#!/usr/bin/env node
// Speed of the wasm core in Chromium against Firefox's Reader View engine on the same pages.
//
//   node tests/browser/bench.mjs DIR [--limit N] [--repeat R] [--pkg DIR]...
//
// Every *.html / *.html.gz page of DIR is parsed once with DOMParser in headless Chromium; on that
// document the run times, per page: `analyze` (the release wasm in pkg/, default options, blocks
// included), Readability.js (@mozilla/readability, on a clone, as it modifies the document; the
// clone is made outside the timing) and a bare TreeWalker pass over every element (the floor any
// DOM-reading engine pays). Each is repeated R times per page (default 5) and the mean kept, as
// performance.now() is coarse in a page. It prints median, p95 and max per engine, the per-page
// ratios, the slowest pages, and how time grows with page size (time per 1,000 elements by size
// decile, and one page repeated ten times over).
//
// --pkg DIR (repeatable) times other builds of the wasm package (wasm-pack or wasm-bindgen output
// with --target web: readmode.js and readmode_bg.wasm) beside the first one, which is pkg/ unless
// the first --pkg names another: each build's `analyze` on the same document, in a rotating order
// from page to page, and a line per build with its size (raw and gzip) and its time per page and
// against the first. Builds of the same code compare in one run, on the same machine load.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { CHROMIUM, CHROMIUM_ARGS, parseBenchArgs, quantile, readPage } from '../support.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORIGIN = 'http://bench.readmode.invalid';
const USAGE = 'usage: node tests/browser/bench.mjs DIR [--limit N] [--repeat R] [--pkg DIR]...';

const parseArgs = (argv) =>
  parseBenchArgs(argv, USAGE, { repeat: 5, pkgs: [] }, { '--pkg': (v, o) => o.pkgs.push(path.resolve(v)) });

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(7);

const harness = (builds) => `<!doctype html><meta charset="utf-8"><title>readmode bench</title>
<script src="/readability/Readability.js"></script>
<script type="module">
  let builds = [];
  let readmode = null;
  window.ready = Promise.all(Array.from({ length: ${builds} }, async (_, i) => {
    const m = await import('/pkg' + i + '/readmode.js');
    await m.default();
    return m;
  })).then((loaded) => { builds = loaded; readmode = loaded[0]; return true; });
  const time = (n, f) => { const t0 = performance.now(); for (let i = 0; i < n; i++) f(i); return (performance.now() - t0) / n; };
  window.benchPage = (html, url, repeat, turn = 0) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const elements = doc.getElementsByTagName('*').length;
    const walk = time(repeat, () => {
      const w = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_ELEMENT);
      let n = 0;
      while (w.nextNode()) n++;
      return n;
    });
    let error = null;
    let core = NaN;
    let article = NaN;
    const cores = builds.map(() => NaN);
    try {
      readmode.analyze(doc, { url }); // warm up
      core = time(repeat, () => readmode.analyze(doc, { url }));
      article = time(repeat, () => readmode.analyze(doc, { url, includeBlocks: false }));
      if (builds.length > 1) {
        for (const b of builds) b.analyze(doc, { url }); // warm up
        for (let k = 0; k < builds.length; k++) {
          const i = (k + turn) % builds.length;
          cores[i] = time(repeat, () => builds[i].analyze(doc, { url }));
        }
      }
    } catch (e) { error = String(e && e.message || e); }
    const clones = Array.from({ length: repeat }, () => doc.cloneNode(true));
    let readability = NaN;
    try {
      readability = time(repeat, (i) => new Readability(clones[i]).parse());
    } catch (e) { error = error || 'readability: ' + e; }
    return { elements, walk, core, article, readability, cores, error };
  };
</script>`;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const files = fs.readdirSync(o.dir).filter((f) => /\.html(\.gz)?$/.test(f)).sort().slice(0, o.limit).map((f) => path.join(o.dir, f));
  if (!files.length) throw new Error(`no *.html or *.html.gz pages in ${o.dir}`);
  const pkgs = o.pkgs.length ? o.pkgs : [path.join(REPO, 'pkg')];
  const readability = path.join(REPO, 'node_modules', '@mozilla', 'readability');
  for (const need of [...pkgs.map((p) => path.join(p, 'readmode_bg.wasm')), path.join(readability, 'Readability.js')]) {
    if (!fs.existsSync(need)) throw new Error(`${need} is missing: run make build (and make setup for npm packages)`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/') return route.fulfill({ body: harness(pkgs.length), contentType: 'text/html' });
      const build = /^\/pkg(\d+)\//.exec(p);
      if (build && pkgs[build[1]]) {
        const file = path.join(pkgs[build[1]], path.normalize(p.slice(build[0].length)).replace(/^(\.\.[/\\])+/, ''));
        return route.fulfill({ path: file, contentType: p.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
      }
      if (p.startsWith('/readability/')) return route.fulfill({ path: path.join(readability, path.basename(p)), contentType: 'text/javascript' });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    await page.evaluate(() => window.ready);
    const rows = [];
    for (const [n, file] of files.entries()) {
      const id = path.basename(file).split('.')[0];
      let html;
      try {
        html = readPage(file);
      } catch (e) {
        continue;
      }
      const r = await page.evaluate(([h, rep, turn]) => window.benchPage(h, 'http://fakehost/test/page.html', rep, turn), [html, o.repeat, n]);
      rows.push({ id, bytes: html.length, ...r });
      process.stderr.write(`\r[${n + 1}/${files.length}] ${id}   `);
    }
    process.stderr.write('\n');

    // One page made ten times larger: the body repeated.
    const mid = rows.filter((r) => Number.isFinite(r.core)).sort((a, b) => a.elements - b.elements)[Math.floor(rows.length / 2)];
    let scaling = null;
    if (mid) {
      const html = readPage(files.find((f) => path.basename(f).startsWith(mid.id + '.')));
      const big = html.replace(/<body([^>]*)>([\s\S]*)<\/body>/i, (_, a, b) => `<body${a}>${b.repeat(10)}</body>`);
      const one = await page.evaluate(([h, rep]) => window.benchPage(h, 'http://fakehost/test/page.html', rep), [html, o.repeat * 2]);
      const ten = await page.evaluate(([h, rep]) => window.benchPage(h, 'http://fakehost/test/page.html', rep), [big, o.repeat]);
      scaling = { id: mid.id, one, ten };
    }
    report(rows, scaling);
    if (pkgs.length > 1) reportBuilds(rows, pkgs);
  } finally {
    await browser.close();
  }
}

function report(rows, scaling) {
  const ok = rows.filter((r) => Number.isFinite(r.core) && Number.isFinite(r.readability));
  const failed = rows.filter((r) => r.error);
  console.log(`pages: ${rows.length} (${ok.length} timed on all engines, ${failed.length} with an error)`);
  console.log(`${'engine'.padEnd(26)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   ms per page`);
  const engines = [
    ['readmode analyze (wasm)', 'core'], ['  article only (no blocks)', 'article'], ['Readability.js 0.6', 'readability'],
    ['TreeWalker over elements', 'walk'],
  ];
  for (const [name, key] of engines) {
    const xs = ok.map((r) => r[key]);
    console.log(`${name.padEnd(26)} ${fmt(quantile(xs, 0.5))} ${fmt(quantile(xs, 0.95))} ${fmt(Math.max(...xs))}`);
  }
  const ratio = ok.map((r) => r.readability / Math.max(r.core, 1e-3));
  console.log(`Readability / readmode per page: median ${quantile(ratio, 0.5).toFixed(1)}x, p5 ${quantile(ratio, 0.05).toFixed(1)}x, p95 ${quantile(ratio, 0.95).toFixed(1)}x`);
  const ratioArticle = ok.map((r) => r.readability / Math.max(r.article, 1e-3));
  console.log(`Readability / readmode article only per page: median ${quantile(ratioArticle, 0.5).toFixed(1)}x, p5 ${quantile(ratioArticle, 0.05).toFixed(1)}x, p95 ${quantile(ratioArticle, 0.95).toFixed(1)}x`);
  const overWalk = ok.map((r) => r.core / Math.max(r.walk, 1e-3));
  console.log(`readmode / TreeWalker per page: median ${quantile(overWalk, 0.5).toFixed(1)}x`);
  const bySize = [...ok].sort((a, b) => a.elements - b.elements);
  const deciles = [];
  for (let d = 0; d < 10; d++) {
    const part = bySize.slice(Math.floor((d * bySize.length) / 10), Math.floor(((d + 1) * bySize.length) / 10));
    if (!part.length) continue;
    const per1k = quantile(part.map((r) => (r.core / Math.max(r.elements, 1)) * 1000), 0.5);
    deciles.push(`${quantile(part.map((r) => r.elements), 0.5)} el: ${per1k.toFixed(2)}`);
  }
  console.log(`readmode ms per 1,000 elements by size decile (median elements: ms): ${deciles.join(' | ')}`);
  const slowest = [...ok].sort((a, b) => b.core - a.core).slice(0, 5);
  console.log(`slowest pages for readmode (id: ms, elements, Readability ms): ${slowest.map((r) => `${r.id}: ${r.core.toFixed(1)}, ${r.elements}, ${r.readability.toFixed(1)}`).join(' | ')}`);
  if (scaling) {
    const f = scaling.ten.core / scaling.one.core;
    console.log(`page ${scaling.id} ×10 (body repeated): ${scaling.one.elements} → ${scaling.ten.elements} elements, ` +
      `readmode ${scaling.one.core.toFixed(2)} → ${scaling.ten.core.toFixed(2)} ms (${f.toFixed(1)}x), ` +
      `Readability ${scaling.one.readability.toFixed(2)} → ${scaling.ten.readability.toFixed(2)} ms`);
  }
  if (failed.length) console.log(`errors: ${failed.slice(0, 10).map((r) => `${r.id}: ${r.error}`).join('; ')}`);
}

/** One line per build: its size, and `analyze` per page, alone and against the first build. */
function reportBuilds(rows, pkgs) {
  const ok = rows.filter((r) => r.cores.every(Number.isFinite));
  console.log(`\nbuilds, ${ok.length} pages: ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   ms per page; build / first per page: median, p95`);
  pkgs.forEach((p, i) => {
    const file = path.join(p, 'readmode_bg.wasm');
    const wasm = fs.readFileSync(file);
    // As the Makefile counts it (GNU gzip packs a little tighter than zlib at the same level).
    let gz;
    try {
      gz = execFileSync('gzip', ['-9c', file], { maxBuffer: 1 << 28 }).length;
    } catch {
      gz = zlib.gzipSync(wasm, { level: 9 }).length;
    }
    const xs = ok.map((r) => r.cores[i]);
    const rel = ok.map((r) => r.cores[i] / Math.max(r.cores[0], 1e-3));
    console.log(`${(path.relative(process.cwd(), p) || p).padEnd(20)} ${String(wasm.length).padStart(9)} ${String(gz).padStart(9)} ` +
      `${fmt(quantile(xs, 0.5))} ${fmt(quantile(xs, 0.95))} ${fmt(Math.max(...xs))}   ${quantile(rel, 0.5).toFixed(3)} ${quantile(rel, 0.95).toFixed(3)}`);
  });
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
