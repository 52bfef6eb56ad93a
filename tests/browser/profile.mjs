#!/usr/bin/env node
// Where `analyze` spends its time in Chromium, step by step (issue 14).
//
//   node tests/browser/profile.mjs DIR [--limit N] [--repeat R] [--pkg DIR]
//
// The package in --pkg (default pkg/) should be a profiling build, so that the wasm keeps its
// function names: `wasm-pack build --profiling --target web --out-dir DIR -- --no-default-features`.
// The compiler inlines the steps that are called once into `analyze`, and wasm-opt the rest, so
// such a build shows the self time of the functions that stay apart, most steps inside
// `analyze_with_shape`. For the whole split, build a scratch copy with `#[inline(never)]` on the
// steps' functions (from_tree_bytes, page_as_shown, extract_metadata, the classify phases,
// assemble, page_shape::features, block_reports, to_js) and `wasm-pack build --profiling
// --no-opt`: the steps then cost a little more than in the release build, in the same proportions.
// Every *.html / *.html.gz page of DIR is parsed with DOMParser, then, R times each (default 5):
//   - `readTree` (src/dom/read_tree.js, the package's snippet): the JS walk into the token buffer,
//     timed by itself with performance.now();
//   - `analyzeTree` on those bytes, under Chromium's CPU profiler (DevTools `Profiler` domain),
//     whose samples are put in the step of the outermost frame that names one: the copy of the
//     bytes into wasm memory, `from_tree_bytes` (decode into the page model), `page_as_shown`,
//     metadata, classification, the article (reader HTML and text), the page's shape, the block
//     reports, and the result's crossing into JS objects (to_js, buildResult);
//   - `analyze` on the document, timed alone, for the whole.
// It prints each step's share of the profiled time and its ms per page (median of pages, and the
// sum over all pages), and the wasm functions with the most self time. Nothing here is in the
// shipped code path: the steps are the exports' own functions, named by the profiling build.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, parseBenchArgs, readPage } from '../support.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORIGIN = 'http://profile.readmode.invalid';
const USAGE = 'usage: node tests/browser/profile.mjs DIR [--limit N] [--repeat R] [--pkg DIR]';

const parseArgs = (argv) =>
  parseBenchArgs(argv, USAGE, { repeat: 5, pkg: path.join(REPO, 'pkg') }, { '--pkg': (v, o) => { o.pkg = path.resolve(v); } });

// The steps, in the order analyze runs them: a sample is counted in the step of its outermost
// frame whose function name contains one of the patterns.
const STEPS = [
  ['copy into wasm', ['passArray8ToWasm0']],
  ['from_tree_bytes (decode)', ['from_tree_bytes']],
  ['page_as_shown', ['page_as_shown']],
  ['metadata', ['extract_metadata']],
  ['classify', ['classify::classify', 'apply_corrections'], [
    ['segment', ['blocks::segment']], ['stats, names', ['classify::stats', 'names::Names::read']],
    ['main region', ['region::main_region']], ['clutter zones', ['zones::clutter_zones', 'region::rated_reviews']],
    ['rules', ['rules::first_verdict']], ['context', ['context::', 'region::grid_cards']],
    ['model', ['model::decide']], ['after model', ['after_model::']],
  ]],
  ['article (text, reader HTML)', ['article::assemble']],
  ['page shape', ['page_shape::features']],
  ['block reports', ['block_reports']],
  ['to_js (result crossing)', ['wasm::to_js', 'wasm::result', 'buildResult']],
  ['drop (free)', ['drop_in_place']],
];

const harness = `<!doctype html><meta charset="utf-8"><title>readmode profile</title>
<script type="module">
  const m = await import('/pkg/readmode.js');
  await m.default();
  const snippets = (await (await fetch('/pkg-snippets')).json());
  const tree = await import('/pkg/' + snippets);
  window.readmode = m;
  window.readTree = tree.readTree;
  window.ready = true;
</script>`;

function stepOf(stack) {
  for (const [i, name] of stack.entries()) {
    for (const [step, patterns, subs] of STEPS) {
      if (!patterns.some((p) => name.includes(p))) continue;
      if (!subs) return step;
      // A step with parts: the part of the outermost frame below it that names one; the rest of
      // the step's own time (features, inlined code) is `step: rest`.
      for (const inner of stack.slice(i + 1)) {
        for (const [sub, ps] of subs) if (ps.some((p) => inner.includes(p))) return `${step}: ${sub}`;
      }
      return `${step}: rest (features, inlined)`;
    }
  }
  return 'other';
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const files = fs.readdirSync(o.dir).filter((f) => /\.html(\.gz)?$/.test(f)).sort().slice(0, o.limit).map((f) => path.join(o.dir, f));
  const snippet = fs.readdirSync(path.join(o.pkg, 'snippets'), { recursive: true }).find((f) => f.endsWith('read_tree.js'));
  if (!snippet) throw new Error(`${o.pkg}/snippets has no read_tree.js: build the package first`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/') return route.fulfill({ body: harness, contentType: 'text/html' });
      if (p === '/pkg-snippets') return route.fulfill({ body: JSON.stringify('snippets/' + snippet), contentType: 'application/json' });
      if (p.startsWith('/pkg/')) {
        const file = path.join(o.pkg, path.normalize(p.slice(5)).replace(/^(\.\.[/\\])+/, ''));
        return route.fulfill({ path: file, contentType: p.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => window.ready === true);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const stepMs = new Map();
    const perPage = [];
    const selfMs = new Map();
    for (const [n, file] of files.entries()) {
      let html;
      try {
        html = readPage(file);
      } catch {
        continue;
      }
      const id = path.basename(file).split('.')[0];
      await page.evaluate(([h]) => { window.doc = new DOMParser().parseFromString(h, 'text/html'); }, [html]);
      const walk = await page.evaluate(([rep]) => {
        const opts = { url: 'http://fakehost/test/page.html' };
        window.readmode.analyze(window.doc, opts); // warm up
        let t0 = performance.now();
        for (let i = 0; i < rep; i++) window.bytes = window.readTree(window.doc).slice();
        const read = (performance.now() - t0) / rep;
        t0 = performance.now();
        for (let i = 0; i < rep; i++) window.readmode.analyze(window.doc, opts);
        const whole = (performance.now() - t0) / rep;
        return { read, whole, bytes: window.bytes.length };
      }, [o.repeat]);
      await cdp.send('Profiler.start');
      await page.evaluate(([rep]) => {
        const opts = { url: 'http://fakehost/test/page.html' };
        for (let i = 0; i < rep; i++) window.readmode.analyzeTree(window.bytes, opts);
      }, [o.repeat]);
      const { profile } = await cdp.send('Profiler.stop');
      const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
      const parent = new Map();
      for (const nd of profile.nodes) for (const c of nd.children || []) parent.set(c, nd.id);
      const steps = new Map();
      // Only the samples inside analyzeTree count (the evaluate's own glue is left out).
      for (let i = 0; i < profile.samples.length; i++) {
        const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
        const stack = [];
        for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(byId.get(id).callFrame.functionName);
        stack.reverse();
        const at = stack.findIndex((f) => f === 'analyzeTree');
        if (at < 0) continue;
        const inside = stack.slice(at + 1);
        const step = inside.length ? stepOf(inside) : 'analyzeTree glue';
        steps.set(step, (steps.get(step) ?? 0) + dt / o.repeat);
        const leaf = `${step}\t${stack[stack.length - 1] || '(native)'}`;
        selfMs.set(leaf, (selfMs.get(leaf) ?? 0) + dt / o.repeat);
      }
      for (const [s, ms] of steps) stepMs.set(s, (stepMs.get(s) ?? 0) + ms);
      perPage.push({ id, ...walk, steps });
      process.stderr.write(`\r[${n + 1}/${files.length}] ${id}   `);
    }
    process.stderr.write('\n');
    report(perPage, stepMs, selfMs);
  } finally {
    await browser.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

function report(pages, stepMs, selfMs) {
  const total = [...stepMs.values()].reduce((a, b) => a + b, 0);
  const sum = (k) => pages.reduce((a, p) => a + p[k], 0);
  console.log(`pages: ${pages.length}; analyze(doc) median ${median(pages.map((p) => p.whole)).toFixed(2)} ms, sum ${sum('whole').toFixed(0)} ms`);
  console.log(`readTree (JS walk) median ${median(pages.map((p) => p.read)).toFixed(2)} ms, sum ${sum('read').toFixed(0)} ms; ` +
    `tree bytes median ${median(pages.map((p) => p.bytes))}`);
  console.log(`analyzeTree(bytes), profiled: sum ${total.toFixed(0)} ms over all pages`);
  console.log(`${'step'.padEnd(30)} ${'share'.padStart(6)} ${'sum ms'.padStart(8)} ${'median'.padStart(7)}`);
  const order = STEPS.flatMap(([s, , subs]) => (subs ? [...subs.map(([x]) => `${s}: ${x}`), `${s}: rest (features, inlined)`] : [s]));
  const names = [...new Set([...order, ...stepMs.keys()])].filter((s) => stepMs.has(s));
  for (const s of names) {
    const ms = stepMs.get(s);
    console.log(`${s.padEnd(30)} ${((100 * ms) / total).toFixed(1).padStart(5)}% ${ms.toFixed(0).padStart(8)} ${median(pages.map((p) => p.steps.get(s) ?? 0)).toFixed(3).padStart(7)}`);
  }
  console.log('the functions with the most self time in each step (ms over all pages):');
  for (const s of names) {
    const top = [...selfMs].filter(([k]) => k.startsWith(s + '\t')).sort((a, b) => b[1] - a[1]).slice(0, 4);
    console.log(`  ${s}: ${top.map(([k, ms]) => `${k.split('\t')[1].replace(/::h[0-9a-f]{16}$/, '').slice(0, 70)} ${ms.toFixed(1)}`).join(' | ')}`);
  }
}

main().catch((e) => {
  console.error(`profile: ${e.message}`);
  process.exit(1);
});
