// The pathological pages (tests/pathological/pages.mjs) at a small scale, through both front ends:
// the native one (html5ever with readmode's depth cap, the CLI in target/release/) and the web one
// (Chromium's parser, the wasm in pkg/) must give the same blocks, paths included, and the same
// article text. The scale keeps each page small enough for a test and still past what bounds the
// parsers: 1,000 nested <div>s and <noscript>s (Chromium stops nesting at depth 513), 100 nested
// tables, 1,000 attributes on one element (more than the 64 over which the web front end reads
// values from the element's serialisation). Then a few of them read up to a small element budget
// (the core keeps MAX_ELEMENTS): both front ends must cut them at the same element. Needs `make
// build` first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';
import { PAGES } from '../pathological/pages.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'target', 'release', 'readmode');
const PKG = path.join(REPO, 'pkg');
const ORIGIN = 'http://pathological.readmode.invalid';
const URL_OF_PAGE = 'https://news.example/story.html';
const SCALE = 0.01;

let browser;
let page;
let dir;

before(async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run make build`);
  assert.ok(fs.existsSync(path.join(PKG, 'readmode_bg.wasm')), 'pkg/readmode_bg.wasm is missing: run make build');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-pathological-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const p = new URL(route.request().url()).pathname;
    if (p === '/') return route.fulfill({ body: '<!doctype html><title>t</title>', contentType: 'text/html' });
    if (p.startsWith('/pkg/')) {
      const file = path.join(PKG, path.normalize(p.slice(5)).replace(/^(\.\.[/\\])+/, ''));
      return route.fulfill({ path: file, contentType: p.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.evaluate(async () => {
    const readmode = await import('/pkg/readmode.js');
    await readmode.default();
    window.readmode = readmode;
  });
});

after(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** `index tag label path text` per block, the text cut to 60 characters. */
const lines = (blocks) => blocks.map((b) => `${b.index}\t${b.tag}\t${b.label}\t${b.path}\t${Array.from(b.text).slice(0, 60).join('')}`);

/**
 * The page `name` at `SCALE` through both front ends, read up to `maxElements` elements when
 * given (the native `--max-elements`, the wasm's `maxElements` option; by default the core's).
 */
async function bothFrontEnds(name, maxElements) {
  const html = PAGES[name].make(SCALE);
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, html);
  const budget = maxElements === undefined ? [] : ['--max-elements', String(maxElements)];
  const r = spawnSync(CLI, ['extract', file, '--url', URL_OF_PAGE, '--format', 'json', ...budget], { maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `native: ${r.stderr}`);
  const native = JSON.parse(r.stdout);
  const web = await page.evaluate(([h, url, max]) => {
    const a = window.readmode.analyze(new DOMParser().parseFromString(h, 'text/html'), max === null ? { url } : { url, maxElements: max });
    return {
      blocks: a.blocks.map(({ index, element, tag, label, path, text }) => ({ index, element, tag, label, path, text })),
      text: a.article.text,
      html: a.article.html,
      truncated: a.truncated,
    };
  }, [html, URL_OF_PAGE, maxElements ?? null]);
  return { native, web, stderr: String(r.stderr) };
}

/** The two front ends' blocks are the same, line for line; a failure names the first that differs. */
function assertSameBlocks(name, native, web) {
  const [n, w] = [lines(native.blocks), lines(web.blocks)];
  const first = n.findIndex((l, i) => l !== w[i]);
  assert.ok(
    first === -1 && n.length === w.length,
    `${name}: ${n.length} blocks natively, ${w.length} in Chromium; first difference at block ${first}:\n` +
      `  native:   ${n[first] ?? '(none)'}\n  chromium: ${w[first] ?? '(none)'}`.slice(0, 2000),
  );
}

for (const [name, { what }] of Object.entries(PAGES)) {
  test(`pathological page ${name} (${what}, at scale ${SCALE}): both front ends agree`, async () => {
    const { native, web } = await bothFrontEnds(name);
    assertSameBlocks(name, native, web);
    assert.equal(native.article.text, web.text, `${name}: the article text differs`);
    // The reader HTML too: it carries attribute values (links, images' sources and text).
    assert.equal(native.article.html, web.html, `${name}: the reader HTML differs`);
    assert.equal(native.truncated, undefined, `${name}: read whole natively`);
    assert.equal(web.truncated, undefined, `${name}: read whole in Chromium`);
  });
}

// The element budget, set small so that these pages at SCALE go past it: both front ends keep the
// same first BUDGET elements (html5ever's tree builder stopped, Chromium's walk stopped) and say so.
const BUDGET = 3000;
for (const name of ['formatting-reconstruct', 'lists-1m-items', 'hidden-1m', 'many-blocks', 'many-elements', 'many-noscripts', 'deep-links', 'nested-bylines']) {
  test(`pathological page ${name} at scale ${SCALE}, read up to ${BUDGET} elements: both front ends cut it at the same element`, async () => {
    const { native, web, stderr } = await bothFrontEnds(name, BUDGET);
    assert.equal(native.truncated, true, `${name}: cut natively`);
    assert.equal(web.truncated, true, `${name}: cut in Chromium`);
    assert.match(stderr, new RegExp(`has more than ${BUDGET} elements`));
    assertSameBlocks(name, native, web);
    assert.ok(native.blocks.every((b) => b.element < BUDGET), `${name}: no block past the budget`);
    assert.deepEqual(native.blocks.map((b) => b.element), web.blocks.map((b) => b.element), `${name}: the same elements`);
    assert.equal(native.article.text, web.text, `${name}: the article text differs`);
    assert.equal(native.article.html, web.html, `${name}: the reader HTML differs`);
  });
}
