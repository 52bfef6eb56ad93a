#!/usr/bin/env node
// Time and peak memory of readmode on the pathological pages of pages.mjs, natively and in the
// browser, beside an earlier build when one is given.
//
//   node tests/pathological/bench.mjs [--native BIN] [--before BIN] [--pkg DIR] [--before-pkg DIR]
//                                     [--scale S] [--only NAME,NAME] [--no-native] [--no-wasm]
//
// Native: each page is written to a temporary file and read by `BIN extract FILE --format json`
// (default target/release/readmode), run under /usr/bin/time for its user CPU time (what issue 16's
// 2 s target counts: on a machine shared with other builds, wall time says more of them than of
// readmode) and peak resident memory (the whole process: reading, parsing, analysis, the JSON
// written out). Browser: headless
// Chromium fetches the page, parses it with DOMParser (timed apart) and runs `analyze` from DIR
// (default pkg/) once, in a fresh tab per page, so the wasm memory read afterwards (linear memory
// only grows) is that page's peak; beside it, `analyze` on an ordinary article of the same size
// (pages.mjs's ordinaryPage) and the ratio of the two, which issue 16 asks to keep within 10×.
// --before BIN / --before-pkg DIR add the same figures for another build (main's, say). A run
// is given up after 120 s and says so.

import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';
import { PAGES, ordinaryPage } from './pages.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORIGIN = 'http://bench.readmode.invalid';
const TIMEOUT_S = 120;
const USAGE =
  'usage: node tests/pathological/bench.mjs [--native BIN] [--before BIN] [--pkg DIR] [--before-pkg DIR] ' +
  '[--scale S] [--only NAME,NAME] [--no-native] [--no-wasm]';

function parseArgs(argv) {
  const o = {
    native: path.join(REPO, 'target', 'release', 'readmode'), before: null, pkg: path.join(REPO, 'pkg'),
    beforePkg: null, scale: 1, only: null, runNative: true, runWasm: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} takes a value\n${USAGE}`);
      return argv[++i];
    };
    if (a === '--native') o.native = path.resolve(value());
    else if (a === '--before') o.before = path.resolve(value());
    else if (a === '--pkg') o.pkg = path.resolve(value());
    else if (a === '--before-pkg') o.beforePkg = path.resolve(value());
    else if (a === '--scale') o.scale = Number(value());
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--no-native') o.runNative = false;
    else if (a === '--no-wasm') o.runWasm = false;
    else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (!(o.scale > 0)) throw new Error(`--scale takes a positive number\n${USAGE}`);
  for (const name of o.only ?? []) if (!PAGES[name]) throw new Error(`no page ${name}; pages: ${Object.keys(PAGES).join(', ')}`);
  return o;
}

/** User CPU seconds and peak resident MB of `bin extract file --format json`, or why there are none. */
function runNative(bin, file) {
  const timeFmt = '%U %M';
  const r = spawnSync('/usr/bin/time', ['-f', timeFmt, bin, 'extract', file, '--format', 'json'], {
    stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUT_S * 1000, killSignal: 'SIGKILL', maxBuffer: 1 << 26,
  });
  if (r.error?.code === 'ENOENT') throw new Error('/usr/bin/time is missing (Debian: apt-get install time)');
  if (r.signal === 'SIGKILL') return { error: `over ${TIMEOUT_S} s` };
  const lines = String(r.stderr).trim().split('\n');
  const [secs, kb] = lines[lines.length - 1].split(' ').map(Number);
  if (r.status !== 0) return { error: `exit ${r.status}: ${lines[0].slice(0, 80)}` };
  return { secs, mb: kb / 1024 };
}

const HARNESS = (pkg) => `<!doctype html><meta charset="utf-8"><title>readmode pathological</title>
<script type="module">
  import init, * as readmode from '/${pkg}/readmode.js';
  window.run = async (name) => {
    const wasm = await init();
    const html = await (await fetch('/page/' + name)).text();
    let t0 = performance.now();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const parse = performance.now() - t0;
    t0 = performance.now();
    try {
      readmode.analyze(doc, { url: 'https://news.example/story.html' });
    } catch (e) {
      return { error: String(e && e.message || e).slice(0, 80) };
    }
    const analyze = performance.now() - t0;
    return { parse, analyze, wasmMb: wasm.memory.buffer.byteLength / 2 ** 20 };
  };
</script>`;

/** Runs `analyze` on each named page in a fresh tab with the wasm of `pkgDir`. */
async function runWasm(browser, pkgDir, pages) {
  if (!fs.existsSync(path.join(pkgDir, 'readmode_bg.wasm'))) throw new Error(`${pkgDir}/readmode_bg.wasm is missing: run make build`);
  const results = {};
  for (const [name, html] of pages) {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/') return route.fulfill({ body: HARNESS('pkg'), contentType: 'text/html' });
      if (p.startsWith('/page/')) return route.fulfill({ body: html, contentType: 'text/plain; charset=utf-8' });
      if (p.startsWith('/pkg/')) {
        const file = path.join(pkgDir, path.normalize(p.slice(5)).replace(/^(\.\.[/\\])+/, ''));
        return route.fulfill({ path: file, contentType: p.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    // A page over the time limit is left: its tab closed, the evaluation given up.
    let timer;
    const limit = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ error: `over ${TIMEOUT_S} s` }), TIMEOUT_S * 1000);
    });
    try {
      results[name] = await Promise.race([page.evaluate((n) => window.run(n), name), limit]);
    } catch (e) {
      results[name] = { error: String(e.message).split('\n')[0].slice(0, 80) };
    }
    clearTimeout(timer);
    await page.close().catch(() => {});
    process.stderr.write(`\rwasm ${path.basename(path.dirname(pkgDir))}/${path.basename(pkgDir)}: ${name}          `);
  }
  process.stderr.write('\n');
  return results;
}

const cell = (r, f) => (!r ? '' : r.error ? r.error : f(r));
const nativeCell = (r) => cell(r, (x) => `${x.secs.toFixed(2)} s ${x.mb.toFixed(0)} MB`);
const wasmCell = (r) => cell(r, (x) => `${(x.analyze / 1000).toFixed(2)} s ${x.wasmMb.toFixed(0)} MB`);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const names = o.only ?? Object.keys(PAGES);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-pathological-'));
  const rows = [];
  try {
    const pages = names.map((name) => [name, PAGES[name].make(o.scale)]);
    if (o.runNative) {
      for (const bin of [o.native, o.before].filter(Boolean)) {
        if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run make build`);
      }
      for (const [name, html] of pages) {
        const file = path.join(dir, `${name}.html`);
        fs.writeFileSync(file, html);
        process.stderr.write(`\rnative: ${name}          `);
        rows.push({ name, bytes: Buffer.byteLength(html), after: runNative(o.native, file), before: o.before && runNative(o.before, file) });
        fs.unlinkSync(file);
      }
      process.stderr.write('\n');
    } else {
      for (const [name, html] of pages) rows.push({ name, bytes: Buffer.byteLength(html) });
    }
    if (o.runWasm) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const ordinary = pages.map(([name, html]) => [name, ordinaryPage(Buffer.byteLength(html))]);
        const after = await runWasm(browser, o.pkg, pages);
        const same = await runWasm(browser, o.pkg, ordinary);
        const before = o.beforePkg ? await runWasm(browser, o.beforePkg, pages) : {};
        for (const row of rows) Object.assign(row, { wasm: after[row.name], ordinary: same[row.name], wasmBefore: before[row.name] });
      } finally {
        await browser.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const header = ['page', 'MB', ...(o.runNative ? [...(o.before ? ['native before'] : []), 'native'] : []),
    ...(o.runWasm ? [...(o.beforePkg ? ['wasm before'] : []), 'wasm analyze', 'DOMParser', 'ordinary page', 'ratio'] : [])];
  const table = rows.map((r) => [
    r.name, (r.bytes / 2 ** 20).toFixed(1),
    ...(o.runNative ? [...(o.before ? [nativeCell(r.before)] : []), nativeCell(r.after)] : []),
    ...(o.runWasm ? [
      ...(o.beforePkg ? [wasmCell(r.wasmBefore)] : []), wasmCell(r.wasm), cell(r.wasm, (x) => `${(x.parse / 1000).toFixed(2)} s`),
      wasmCell(r.ordinary), r.wasm?.analyze && r.ordinary?.analyze ? `${(r.wasm.analyze / r.ordinary.analyze).toFixed(1)}x` : '',
    ] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of table) console.log(line(t));
  console.log(`scale ${o.scale}; native: user CPU time and peak resident memory of the process; wasm: analyze's time and the wasm memory after it`);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
