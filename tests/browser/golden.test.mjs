// Golden pages in the browser: the web front end (the wasm build in pkg/, run in headless
// Chromium on a `DOMParser` document) must give, on each tests/pages/SLUG/source.html, the blocks
// and labels in that page's expected-blocks.txt, which tests/pages.rs writes and checks with the
// native front end (html5ever). One test per page, so one page's failure does not hide another's.
//
// Every folder under tests/pages/ with an expect.txt is a golden page (as in tests/pages.rs): the
// folder is the list. This check lives here rather than in the wasm-bindgen test (tests/web.rs)
// because a test in the browser cannot list a folder, and a node test can.
//
// Needs `make build` first (pkg/). One page: `node --test --test-name-pattern=SLUG tests/browser/golden.test.mjs`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGES = path.join(REPO, 'tests', 'pages');
const PKG = path.join(REPO, 'pkg');
// Characters of block text in expected-blocks.txt (BLOCK_TEXT_CHARS in tests/pages.rs).
const BLOCK_TEXT_CHARS = 60;
const BLESS_COMMAND = 'READMODE_BLESS=1 cargo test --release --test pages';

/** The golden pages: every folder under tests/pages/ with an expect.txt, by name. */
function discoverPages() {
  return fs
    .readdirSync(PAGES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(PAGES, e.name, 'expect.txt')))
    .map((e) => e.name)
    .sort();
}

/**
 * One line per block, as tests/pages.rs writes them: `index \t tag \t label \t text`, the text
 * cut to its first 60 characters (Unicode scalar values, like Rust's `chars()`) and trimmed at
 * the end of Unicode white space (Rust's `trim_end`).
 */
function blockLines(blocks) {
  return blocks
    .map((b) => {
      const text = Array.from(b.text).slice(0, BLOCK_TEXT_CHARS).join('').replace(/\p{White_Space}+$/u, '');
      return `${b.index}\t${b.tag}\t${b.label}\t${text}\n`;
    })
    .join('');
}

/** Null when equal; otherwise a message naming the page and the first differing block. */
function compareBlocks(slug, expected, actual) {
  if (expected === actual) return null;
  const e = expected.split('\n');
  const a = actual.split('\n');
  // Like Rust's `lines()`: a final newline does not make an empty last line.
  for (const l of [e, a]) if (l.length && l[l.length - 1] === '') l.pop();
  const differing = [];
  for (let i = 0; i < Math.max(e.length, a.length); i++) if (e[i] !== a[i]) differing.push(i);
  const what = 'the web front end (wasm in Chromium)';
  if (differing.length === 0) return `page ${slug}: ${what} differs from expected-blocks.txt only in line endings`;
  const first = differing[0];
  const fields = (l) => (l === undefined ? [] : splitFields(l));
  const [fe, fa] = [fields(e[first]), fields(a[first])];
  const detail =
    fe.length === 4 && fa.length === 4 && fe[1] === fa[1] && fe[3] === fa[3]
      ? `block ${first} <${fe[1]}> ${JSON.stringify(fe[3])}: expected label ${fe[2]}, got ${fa[2]}`
      : `block ${first}:\n    expected: ${e[first] ?? '(no block)'}\n    actual:   ${a[first] ?? '(no block)'}`;
  return (
    `page ${slug}: ${what} differs from tests/pages/${slug}/expected-blocks.txt ` +
    `(${e.length} blocks expected, ${a.length} actual, ${differing.length} lines differ); first difference at ${detail}`
  );
}

/** `index \t tag \t label \t text`: at most 4 fields, the text may hold tabs. */
function splitFields(line) {
  const parts = line.split('\t');
  return parts.length <= 4 ? parts : [...parts.slice(0, 3), parts.slice(3).join('\t')];
}

/** Serves pkg/ (the wasm package and its snippets) to the test page, which is about:blank. */
function startPkgServer() {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const rel = url.pathname.startsWith('/pkg/') ? path.normalize(decodeURIComponent(url.pathname.slice(5))) : null;
    const file = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? path.join(PKG, rel) : null;
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end('not found');
    }
    // about:blank imports the module cross-origin.
    res.writeHead(200, {
      'content-type': types[path.extname(file)] || 'application/octet-stream',
      'access-control-allow-origin': '*',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server;
let browser;
let page;
const consoleErrors = [];

before(async () => {
  for (const f of ['readmode.js', 'readmode_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(PKG, f)), `pkg/${f} is missing: run make build`);
  }
  server = await startPkgServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await loadCore();
});

/**
 * Loads the wasm core into the test page. The page stays at about:blank, so a DOMParser
 * document's URL is about:blank and `analyze` runs with no page URL, as tests/pages.rs runs the
 * native front end (Options::default()).
 */
async function loadCore() {
  const docUrl = await page.evaluate(async (base) => {
    const readmode = await import(`${base}/pkg/readmode.js`);
    await readmode.default();
    window.readmode = readmode;
    return new DOMParser().parseFromString('', 'text/html').URL;
  }, `http://127.0.0.1:${server.address().port}`);
  assert.equal(docUrl, 'about:blank', 'the test page must leave DOMParser documents without an http URL');
}

after(async () => {
  await browser?.close();
  server?.close();
});

const pages = discoverPages();

test('golden pages are found in tests/pages/', () => {
  assert.ok(pages.length > 0, `no folder under ${PAGES} has an expect.txt`);
});

for (const slug of pages) {
  test(`golden page ${slug}: the web front end gives expected-blocks.txt`, async () => {
    const dir = path.join(PAGES, slug);
    const expectedFile = path.join(dir, 'expected-blocks.txt');
    assert.ok(fs.existsSync(expectedFile), `page ${slug}: tests/pages/${slug}/expected-blocks.txt is missing: run ${BLESS_COMMAND}`);
    const html = fs.readFileSync(path.join(dir, 'source.html'), 'utf8');
    const expected = fs.readFileSync(expectedFile, 'utf8');
    consoleErrors.length = 0;
    const result = await page.evaluate((source) => {
      try {
        const doc = new DOMParser().parseFromString(source, 'text/html');
        const a = window.readmode.analyze(doc);
        return { blocks: a.blocks.map(({ index, tag, label, text }) => ({ index, tag, label, text })) };
      } catch (e) {
        return { error: String((e && e.message) || e) };
      }
    }, html);
    if (result.error) {
      // After a panic the module's state is not trusted: the next page gets a fresh one.
      const logged = consoleErrors.map((m) => m.split('\n\nStack:')[0].trim()).join('\n');
      await page.reload();
      await loadCore();
      assert.fail(`page ${slug}: analyze failed in the browser: ${result.error}${logged ? `\n${logged}` : ''}`);
    }
    const diff = compareBlocks(slug, expected, blockLines(result.blocks));
    if (diff) assert.fail(`${diff}\n(the native front end writes expected-blocks.txt: ${BLESS_COMMAND}; if it passes natively, the two front ends disagree)`);
  });
}
